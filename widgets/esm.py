"""A tiny, deterministic "bundler" for the widgets' browser modules.

anywidget loads a widget's `_esm` from a blob URL, where relative imports such as
`import { checkText } from "./engine.js"` cannot resolve. `bundle("casecheck.js")` therefore
inlines the static relative imports of `widgets/static/*.js` into one self-contained ES
module. The static site does not use the bundle: it imports the very same files natively.

What it handles, and nothing more (anything else fails loudly with the file and line):

- in any module, top-level `import` statements (starting at column 0) whose specifier is
  `./name.js` inside the same folder, with a default, namespace or named clause;
- in an inlined module, top-level `export function|async function|class|const|let|var name`,
  `export default ...` and `export { a, b as c };`.

Each inlined module runs in its own function scope (so top-level names never clash) and
hands its exports over as a frozen object; bindings are snapshots, not live bindings, which
is fine for the pure modules we inline. The entry module keeps its own exports. Dynamic
`import(...)` is left to the entry (it resolves at run time against the module's own URL,
which is how `staticState` loads the generated `packs.js` on the static site); an inlined
module must not use `import(...)` or `import.meta`, whose meaning would change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

_IDENT = r"[A-Za-z_$][\w$]*"
# A whole top-level import statement; the clause may span lines (e.g. `{\n a,\n b\n}`).
_IMPORT = re.compile(
    r"^import(?P<clause>\s[^;\"'`]*?)\sfrom\s*(?P<q>[\"'])(?P<spec>[^\"'\n]+)(?P=q)[ \t]*;?",
    re.M,
)
# Anything at the start of a line that looks like a static import we did not match above.
_ANY_STATIC_IMPORT = re.compile(r"^[ \t]*import\b\s*(?:[\w$*{]|[\"'])", re.M)
_EXPORT_ANY = re.compile(r"^[ \t]*export\b", re.M)
_EXPORT_DECL = re.compile(
    rf"^export\s+(?P<kw>(?:async\s+)?function\s*\*?|class|const|let|var)\s+(?P<name>{_IDENT})",
    re.M,
)
_EXPORT_DESTRUCT = re.compile(r"^export\s+(?:const|let|var)\s*[\[{]", re.M)
_EXPORT_DEFAULT_NAMED = re.compile(
    rf"^export\s+default\s+(?P<kw>(?:async\s+)?function\s*\*?|class)\s+(?P<name>{_IDENT})",
    re.M,
)
_EXPORT_DEFAULT = re.compile(r"^export\s+default\s+", re.M)
_EXPORT_LIST = re.compile(r"^export\s*\{(?P<names>[^}]*)\}[ \t]*(?P<rest>[^;\n]*);?", re.M)
_DYNAMIC_IMPORT = re.compile(r"\bimport\s*\(")
_IMPORT_META = re.compile(r"\bimport\s*\.\s*meta\b")


class BundleError(ValueError):
    """A module uses a form this bundler does not handle; the message names file and line."""


@dataclass
class _Module:
    path: Path
    source: str
    # (statement span, clause, resolved dependency path) for each static import
    imports: list[tuple[tuple[int, int], str, Path]] = field(default_factory=list)


def _line_of(source: str, index: int) -> int:
    return source.count("\n", 0, index) + 1


def _fail(module: Path, source: str, index: int, message: str) -> BundleError:
    return BundleError(f"{module.name}, line {_line_of(source, index)}: {message}")


def _var_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return "__esm_" + re.sub(r"[^\w$]", "_", rel)


def _parse_imports(path: Path, source: str, root: Path) -> _Module:
    module = _Module(path=path, source=source)
    matched: set[int] = set()
    for m in _IMPORT.finditer(source):
        spec = m.group("spec")
        if not spec.startswith("./") or "/" in spec[2:] or not spec.endswith(".js"):
            raise _fail(
                path, source, m.start(),
                f"import of {spec!r}: only './name.js' in the same folder can be inlined",
            )
        dep = (root / spec[2:]).resolve()
        if not dep.is_file():
            raise _fail(path, source, m.start(), f"imported file {spec!r} does not exist")
        module.imports.append(((m.start(), m.end()), m.group("clause").strip(), dep))
        matched.add(m.start())
    for m in _ANY_STATIC_IMPORT.finditer(source):
        if m.start() not in matched:
            raise _fail(
                path, source, m.start(),
                "an import statement this bundler cannot handle (side-effect import, "
                "indented import, or unusual syntax)",
            )
    return module


def _bindings(clause: str, var: str, exports: set[str], where: str) -> list[str]:
    """Turn an import clause into `const` declarations reading from the module object."""
    lines: list[str] = []
    rest = clause.strip()
    default = re.match(rf"^({_IDENT})\s*(?:,\s*|$)", rest)
    if default and not rest.startswith("{") and not rest.startswith("*"):
        if "default" not in exports:
            raise BundleError(f"{where}: imports a default export that the module lacks")
        lines.append(f"const {default.group(1)} = {var}.default;")
        rest = rest[default.end():].strip()
    if not rest:
        return lines
    namespace = re.fullmatch(rf"\*\s*as\s+({_IDENT})", rest)
    if namespace:
        lines.append(f"const {namespace.group(1)} = {var};")
        return lines
    named = re.fullmatch(r"\{(?P<body>[^}]*)\}", rest, re.S)
    if not named:
        raise BundleError(f"{where}: cannot read the import clause {clause!r}")
    parts: list[str] = []
    for item, name, alias in _name_list(named.group("body")):
        if not name:
            raise BundleError(f"{where}: cannot read the imported name {item!r}")
        if name not in exports:
            raise BundleError(f"{where}: imports {name!r}, which the module does not export")
        parts.append(f"{name}: {alias}" if alias and alias != name else name)
    if parts:
        lines.append(f"const {{ {', '.join(parts)} }} = {var};")
    return lines


def _name_list(body: str) -> list[tuple[str, str, str | None]]:
    """(item, name, alias) for each `name` or `name as alias` of an import or export list;
    name is "" when the item cannot be read."""
    out = []
    for item in (part.strip() for part in body.split(",")):
        if item:
            pair = re.fullmatch(rf"({_IDENT})(?:\s+as\s+({_IDENT}))?", item)
            out.append((item, pair.group(1), pair.group(2)) if pair else (item, "", None))
    return out


def _strip_exports(path: Path, source: str) -> tuple[str, dict[str, str]]:
    """Remove `export` from an inlined module; return the code and {exported: local}."""
    exports: dict[str, str] = {}
    for bad, why in (
        (_EXPORT_DESTRUCT, "destructuring exports are not supported"),
        (_DYNAMIC_IMPORT, "import(...) in an inlined module would resolve against the bundle"),
        (_IMPORT_META, "import.meta in an inlined module would refer to the bundle"),
    ):
        m = bad.search(source)
        if m:
            raise _fail(path, source, m.start(), why)

    def decl(m: re.Match[str]) -> str:
        exports[m.group("name")] = m.group("name")
        return f"{m.group('kw')} {m.group('name')}"

    def default_named(m: re.Match[str]) -> str:
        exports["default"] = m.group("name")
        return f"{m.group('kw')} {m.group('name')}"

    def default_expr(m: re.Match[str]) -> str:
        exports["default"] = "__default"
        return "const __default = "

    def export_list(m: re.Match[str]) -> str:
        if m.group("rest").strip():
            raise _fail(path, source, m.start(), "re-exports (`export ... from`) are not supported")
        for item, name, alias in _name_list(m.group("names")):
            if not name:
                raise _fail(path, source, m.start(), f"cannot read the export {item!r}")
            exports[alias or name] = name
        return ""

    code = _EXPORT_DEFAULT_NAMED.sub(default_named, source)
    code = _EXPORT_DEFAULT.sub(default_expr, code)
    code = _EXPORT_DECL.sub(decl, code)
    code = _EXPORT_LIST.sub(export_list, code)
    left = _EXPORT_ANY.search(code)
    if left:
        raise _fail(path, code, left.start(), "an export this bundler cannot handle")
    return code, exports


def _replace_imports(module: _Module, root: Path, exports: dict[Path, set[str]]) -> str:
    out: list[str] = []
    pos = 0
    for (start, end), clause, dep in module.imports:
        out.append(module.source[pos:start])
        where = f"{module.path.name}, line {_line_of(module.source, start)}"
        out.append("\n".join(_bindings(clause, _var_name(dep, root), exports[dep], where)))
        pos = end
    out.append(module.source[pos:])
    return "".join(out)


def bundle(entry: str, root: Path | None = None) -> str:
    """Return `entry` (a file in `root`, default widgets/static) as one self-contained module."""
    root = (root or STATIC_DIR).resolve()
    entry_path = (root / entry).resolve()
    if entry_path.parent != root or not entry_path.is_file():
        raise BundleError(f"{entry}: no such module in {root}")

    modules: dict[Path, _Module] = {}
    order: list[Path] = []  # dependencies before the modules that import them
    visiting: list[Path] = []

    def visit(path: Path) -> None:
        if path in order:
            return
        if path in visiting:
            chain = " -> ".join(p.name for p in [*visiting, path])
            raise BundleError(f"import cycle: {chain}")
        visiting.append(path)
        module = _parse_imports(path, path.read_text(encoding="utf-8"), root)
        modules[path] = module
        for _, _, dep in module.imports:
            visit(dep)
        visiting.pop()
        order.append(path)

    visit(entry_path)

    exports: dict[Path, set[str]] = {}
    parts = [f"// Generated by widgets.esm.bundle({entry!r}) from "
             f"{', '.join(p.name for p in order)}. Do not edit; edit those files.\n"]
    for path in order[:-1]:
        module = modules[path]
        code, names = _strip_exports(path, _replace_imports(module, root, exports))
        exports[path] = set(names)
        members = ", ".join(
            f"{exported}: {local}" if exported != local else exported
            for exported, local in sorted(names.items())
        )
        parts.append(
            f"// ---- {path.name} ----\n"
            f"const {_var_name(path, root)} = (() => {{\n{code.rstrip()}\n"
            f"return Object.freeze({{ {members} }});\n}})();\n"
        )
    entry_module = modules[entry_path]
    parts.append(f"// ---- {entry_path.name} ----\n")
    parts.append(_replace_imports(entry_module, root, exports))
    return "\n".join(parts)
