from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "dzong.workflow"
    label = "workflow"
    verbose_name = "Workflow"
