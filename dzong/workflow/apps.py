from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "dzong.workflow"
    label = "workflow"
    verbose_name = "Workflow"

    def ready(self) -> None:
        from dzong.applications.personal_data import register_part
        from dzong.workflow.personal_data import corrections_of, reads_of

        register_part("staff_reads", reads_of)
        register_part("corrections", corrections_of)
