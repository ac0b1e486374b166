"""Limits on rendering office-made templates: iterations, wall-clock time, output size, memory.

The Jinja sandbox stops a template from reaching Python internals, but not from running for ever:
``{% for i in range(99999) %}{% for j in range(99999) %}…`` is ten billion harmless iterations. So a
template renders

- in a :class:`LimitedEnvironment`: every ``for`` loop counts its iterations against one budget per
  rendering, the same hook checks a wall-clock deadline, the output is counted as it is joined, and
  ``*`` / ``**`` refuse results that would be huge before computing them;
- in a child process (:func:`run_isolated`) with a memory limit, killed when the deadline passes, so
  neither a web process nor a worker thread is held longer than the limit whatever the template does.

The limits come from settings (TAIZHANG_TEMPLATE_*), see :class:`Limits`.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

COUNTER = "__tz_counted"


class TemplateLimitExceeded(Exception):
    """The template went past a limit; ``str(exc)`` is a Chinese sentence for the office."""


@dataclass(frozen=True)
class Limits:
    """How much one rendering may take."""

    seconds: float = 30.0
    iterations: int = 200_000
    output_bytes: int = 20 * 1024 * 1024
    memory_bytes: int = 512 * 1024 * 1024

    @classmethod
    def from_settings(cls, *, check: bool = False) -> Limits:
        """The configured limits; ``check`` gives the (shorter) ones of the upload check."""
        from django.conf import settings

        seconds = getattr(settings, "TAIZHANG_TEMPLATE_MAX_SECONDS", 30)
        if check:
            seconds = min(seconds, getattr(settings, "TAIZHANG_TEMPLATE_CHECK_SECONDS", 10))
        return cls(seconds=float(seconds),
                   iterations=getattr(settings, "TAIZHANG_TEMPLATE_MAX_ITERATIONS", 200_000),
                   output_bytes=getattr(settings, "TAIZHANG_TEMPLATE_MAX_OUTPUT_MB", 20) * 1024 * 1024,
                   memory_bytes=getattr(settings, "TAIZHANG_TEMPLATE_MAX_MEMORY_MB", 512) * 1024 * 1024)


class Budget:
    """The iterations and time left to one rendering."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.iterations = 0
        self.deadline = time.monotonic() + limits.seconds

    def tick(self, n: int = 1) -> None:
        self.iterations += n
        if self.iterations > self.limits.iterations:
            raise TemplateLimitExceeded(f"模板循环次数超过 {self.limits.iterations} 次，已停止生成，请简化模板中的循环")
        if time.monotonic() > self.deadline:
            raise TemplateLimitExceeded(f"模板生成超过 {self.limits.seconds:g} 秒，已停止，请简化模板")


class LimitedEnvironment(SandboxedEnvironment):
    """A sandbox whose loops, joins and multiplications are held to a :class:`Budget`."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, limits: Limits, **options: Any) -> None:
        super().__init__(**options)
        self.budget = Budget(limits)
        self.globals[COUNTER] = self._counted
        self.globals["range"] = self._range
        self.concat = self._concat  # type: ignore[method-assign]  # Template.render joins through this

    # Every `{% for x in SEQ %}` is compiled as `{% for x in __tz_counted(SEQ) %}`.
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Call(nodes.Name(COUNTER, "load"), [loop.iter], [], None, None, lineno=loop.lineno)
        return tree

    def _counted(self, iterable: Iterable) -> Iterator:
        for item in iterable:
            self.budget.tick()
            yield item

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.budget.limits.iterations:
            raise TemplateLimitExceeded(f"模板中 range 的长度超过 {self.budget.limits.iterations}，请缩小范围")
        return numbers

    def _concat(self, chunks: Iterable[str]) -> str:
        parts, size = [], 0
        for chunk in chunks:
            size += len(chunk)
            if size > self.budget.limits.output_bytes:
                mb = self.budget.limits.output_bytes // (1024 * 1024)
                raise TemplateLimitExceeded(f"模板生成的内容超过 {mb} MB，已停止生成")
            parts.append(chunk)
            self.budget.tick(0)  # the deadline, also for loops that only print
        return "".join(parts)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        limit = self.budget.limits.output_bytes
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > limit:
                    raise TemplateLimitExceeded("模板中的乘法结果过大")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise TemplateLimitExceeded("模板中的乘方指数过大")
        return super().call_binop(context, operator, left, right)


def _child(conn, func: Callable, args: tuple, limits: Limits) -> None:
    try:
        import resource

        # The child starts with the parent's address space; allow that much plus the budget.
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = current + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the deadline and the iteration budget still hold
    try:
        conn.send((True, func(*args)))
    except MemoryError:
        conn.send((False, "模板生成占用内存过多，已停止，请简化模板"))
    except TemplateLimitExceeded as exc:
        conn.send((False, str(exc)))
    except Exception as exc:  # noqa: BLE001 - the parent turns it into a message for the office
        conn.send((False, getattr(exc, "message", None) or f"模板无法生成：{exc}"))
    finally:
        conn.close()


def run_isolated(func: Callable, *args: Any, limits: Limits) -> Any:
    """``func(*args)`` in a forked child with a memory limit, killed after ``limits.seconds`` (+1 s for
    the start). Answers its result; raises TemplateLimitExceeded with the child's message otherwise.

    ``func`` must not use the database: the child shares the parent's connections.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, func, args, limits), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds + 1):
            raise TemplateLimitExceeded(f"模板生成超过 {limits.seconds:g} 秒，已停止，请简化模板")
        try:
            ok, value = receiver.recv()
        except EOFError:
            raise TemplateLimitExceeded("模板生成占用资源过多，已停止，请简化模板") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if not ok:
        raise TemplateLimitExceeded(value)
    return value
