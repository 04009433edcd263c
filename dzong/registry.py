"""The registry of a pluggable part (payment providers, sign-in methods, SMS gateways): a base
class, and each implementation in its own module under `@registry.register("code")`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar, Generic, Protocol, TypeVar


class Coded(Protocol):
    """An implementation knows the code it is registered under."""

    code: ClassVar[str]


T = TypeVar("T", bound=Coded)


class Registry(Generic[T]):
    """The implementations of one part, each under its code."""

    def __init__(self, part: str) -> None:
        self.part = part
        self._by_code: dict[str, type[T]] = {}

    def register(self, code: str) -> Callable[[type[T]], type[T]]:
        """Class decorator: make an implementation available under `code`."""

        def add(implementation: type[T]) -> type[T]:
            implementation.code = (
                code  # each knows its own code  # each knows the code it is registered under
            )
            self._by_code[code] = implementation
            return implementation

        return add

    def __getitem__(self, code: str) -> type[T]:
        """The implementation registered under `code`; KeyError naming the part if none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"No {self.part} is registered as {code!r}.") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def remove(self, code: str) -> None:
        """Take an implementation out again (a test's stand-in)."""
        del self._by_code[code]
