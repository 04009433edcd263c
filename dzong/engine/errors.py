"""The only exceptions the engine raises."""


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class RuleError(EngineError):
    """A rule cannot be evaluated: an unknown operation or a malformed rule."""


class DefinitionError(EngineError):
    """A service definition is not valid; `problems` lists every finding."""

    def __init__(self, problems: list["object"]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems) or "invalid definition")
