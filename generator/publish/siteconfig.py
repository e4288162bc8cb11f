"""The site config of a rendered folder (``modelzoo render``): the project's mkdocs.yml without the plugin.

mkdocs.yml is the one config format that MkDocs 1.6, ProperDocs and Zensical all read, so the folder gets
one. It is the project's own config, edited as a YAML node tree (``yaml.compose``/``yaml.serialize``: tags
such as ``!ENV`` or ``!!python/name:`` stay as they were written, anchors too; comments do not), so that
the theme, its features, the Markdown extensions and the assets are the plugin build's. What changes:

* the ``modelzoo`` plugin is dropped from ``plugins`` (the pages are already in the folder);
* ``docs_dir`` is ``docs``, the folder's own;
* ``nav`` lists the pages as the plugin orders and titles them (unless the config sets a ``nav`` itself),
  and ``not_in_nav`` holds the generated pages the plugin keeps out of the navigation;
* ``edit_uri`` is empty: without the plugin an edit link would point at a generated page, a file that is
  not in the repository; the folder's pages have none.

Nothing here imports an engine: it must keep working when MkDocs is gone.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.paths import titled_in_nav

PLUGIN = "modelzoo"
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""What MkDocs reads as pages (``mkdocs.utils.markdown_extensions``)."""
_DEFAULT_EXCLUDE = (".*", "/templates/")
"""What MkDocs never publishes from docs/, whatever exclude_docs says."""
_STR = "tag:yaml.org,2002:str"
_REFUSED = {
    "INHERIT": "INHERIT names a file outside the folder",
    "hooks": "hooks are plugins, and the folder is built without any",
}

NavItem = str | dict[str, "str | list[NavItem]"]
"""A nav entry as mkdocs.yml writes it: a page path, {title: path} or {title: [entries]}."""


class ConfigRefused(Exception):
    """The project's config cannot be turned into the folder's; ``str(exc)`` says why, for the user."""


def _key(node: MappingNode, name: str) -> int | None:
    for i, (key, _value) in enumerate(node.value):
        if isinstance(key, ScalarNode) and key.value == name:
            return i
    return None


def _get(node: MappingNode, name: str) -> Node | None:
    i = _key(node, name)
    return None if i is None else node.value[i][1]


def _set(node: MappingNode, name: str, value: Node) -> None:
    i = _key(node, name)
    if i is None:
        node.value.append((_text(name, plain=True), value))
    else:
        node.value[i] = (node.value[i][0], value)


def _drop(node: MappingNode, name: str) -> None:
    i = _key(node, name)
    if i is not None:
        del node.value[i]


def _text(value: str, *, plain: bool = False) -> ScalarNode:
    """A string scalar: double-quoted (every character that could mean something to YAML is escaped) unless
    it is one of our own plain names."""
    return ScalarNode(_STR, value, style=None if plain else '"')


def _string_setting(root: MappingNode, name: str, shown: str) -> str:
    """The text of a plain string setting (exclude_docs and the like), '' when absent."""
    node = _get(root, name)
    if node is None:
        return ""
    if not (isinstance(node, ScalarNode) and node.tag == _STR):
        raise ConfigRefused(f"{shown}: {name}: expected a plain string of patterns")
    return node.value


def read_config(text: str, shown: str) -> MappingNode:
    """The project's config as a YAML node tree; ``shown`` names it in messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigRefused(f"{shown}: not valid YAML: {exc}") from None
    if not isinstance(root, MappingNode):
        raise ConfigRefused(f"{shown}: expected a mapping of settings")
    for name, why in _REFUSED.items():
        if _key(root, name) is not None:
            raise ConfigRefused(f"{shown}: {name}: not supported by `modelzoo render` ({why})")
    theme = _get(root, "theme")
    if isinstance(theme, MappingNode) and _key(theme, "custom_dir") is not None:
        raise ConfigRefused(
            f"{shown}: theme.custom_dir: not supported by `modelzoo render` "
            "(a folder outside the rendered one)"
        )
    return root


class Exclusions:
    """Which docs files the site publishes, and which pages stay out of its navigation, by the config's
    ``exclude_docs``, ``draft_docs`` and ``not_in_nav`` (gitignore patterns, matched as MkDocs does)."""

    def __init__(self, root: MappingNode, shown: str) -> None:
        from pathspec import GitIgnoreSpec

        def spec(*lines: str) -> GitIgnoreSpec:
            return GitIgnoreSpec.from_lines([line for text in lines for line in text.splitlines()])

        try:
            self._excluded = spec(*_DEFAULT_EXCLUDE, _string_setting(root, "exclude_docs", shown))
            self._drafts = spec(_string_setting(root, "draft_docs", shown))
            self._not_in_nav = spec(_string_setting(root, "not_in_nav", shown))
        except ValueError as exc:  # a malformed pattern
            raise ConfigRefused(f"{shown}: {exc}") from None

    def excluded(self, path: str) -> bool:
        return self._excluded.match_file(path)

    def in_nav(self, path: str) -> bool:
        """Whether a published page is listed in a navigation MkDocs makes by itself."""
        return not (self._drafts.match_file(path) or self._not_in_nav.match_file(path))


def _stem(path: str) -> str:
    stem = PurePosixPath(path).stem
    return "index" if stem == "README" else stem


def mkdocs_sort_key(path: str) -> tuple[tuple[str, ...], bool, str]:
    """MkDocs' order of pages (``file_sort_key``): by folder, the index page first, then by name."""
    parts = PurePosixPath(path).parts
    return (parts[:-1], _stem(path) != "index", parts[-1])


def folder_title(name: str) -> str:
    """A section's title from its folder's name, as MkDocs makes it (``dirname_to_title``)."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _nest(paths: Iterable[str]) -> list[NavItem]:
    """Pages nested by folder, each folder a section titled from its name (MkDocs' ``nest_paths``)."""
    nested: list[NavItem] = []
    sections: dict[tuple[str, ...], list[NavItem]] = {(): nested}
    for path in paths:
        titles: tuple[str, ...] = ()
        for part in PurePosixPath(path).parent.parts:
            branch = sections[titles]
            titles = (*titles, folder_title(part))
            if titles not in sections:
                sections[titles] = []
                branch.append({titles[-1]: sections[titles]})
        sections[titles].append(path)
    return nested


def _main_page(item: NavItem, titles: dict[str, str]) -> str | None:
    """The page of a top-level entry that the plugin titles it by: the page itself, or a section's first
    child page that the generator titled."""
    if isinstance(item, str):
        return item
    (children,) = item.values()
    if isinstance(children, str):
        return children
    return next((c for c in children if isinstance(c, str) and c in titles), None)


def navigation(titles: dict[str, str], pages: Sequence[str]) -> list[NavItem]:
    """The navigation the plugin gives a site: ``pages`` (every page of the navigation, generated and
    hand-written) nested and ordered as MkDocs would, then the top-level entries whose page the generator
    titled (``titles``: page path -> plain-text title, in order) put first, in that order, with their
    titles escaped (themes show navigation titles as HTML)."""
    order = list(titles)
    items = _nest(sorted(pages, key=mkdocs_sort_key))

    def rank(item: NavItem) -> int:
        page = _main_page(item, titles)
        return order.index(page) if page in titles else len(order)

    def arrange(items: list[NavItem], top: bool) -> list[NavItem]:
        """Each level: its entries ordered, the sections (and at the top, the pages) titled; a nested page
        keeps its own title (from its heading), a task's own folder mkdocs's (``paths.titled_in_nav``), as
        the plugin's navigation does."""
        out: list[NavItem] = []
        for item in sorted(items, key=rank):
            page = _main_page(item, titles)
            if not isinstance(item, str):
                ((name, value),) = item.items()
                children = value if isinstance(value, str) else arrange(value, False)
                titled = page in titles and (top or titled_in_nav(page))
                title = html.escape(titles[page]) if titled else name
                item = {title: children}
            elif top and page in titles:
                item = {html.escape(titles[page]): item}
            out.append(item)
        return out

    return arrange(items, True)


def rename(items: Sequence[NavItem], names: dict[str, str]) -> list[NavItem]:
    """The navigation with its pages renamed (``names``: old path -> new path; others kept)."""
    out: list[NavItem] = []
    for item in items:
        if isinstance(item, str):
            out.append(names.get(item, item))
            continue
        ((title, value),) = item.items()
        out.append({title: names.get(value, value) if isinstance(value, str) else rename(value, names)})
    return out


def _nav_node(items: Sequence[NavItem]) -> SequenceNode:
    entries: list[Node] = []
    for item in items:
        if isinstance(item, str):
            entries.append(_text(item))
            continue
        ((title, value),) = item.items()
        inner = _text(value) if isinstance(value, str) else _nav_node(value)
        entries.append(MappingNode("tag:yaml.org,2002:map", [(_text(title), inner)]))
    return SequenceNode("tag:yaml.org,2002:seq", entries)


def _pattern(path: str) -> str:
    """A gitignore line that matches exactly this path below the docs root."""
    return "/" + "".join("\\" + ch if ch in "\\*?[]!# " else ch for ch in path)


def _drop_plugin(root: MappingNode) -> None:
    plugins = _get(root, "plugins")
    if isinstance(plugins, MappingNode):
        _drop(plugins, PLUGIN)
    elif isinstance(plugins, SequenceNode):
        plugins.value = [
            item
            for item in plugins.value
            if not (
                (isinstance(item, ScalarNode) and item.value == PLUGIN)
                or (isinstance(item, MappingNode) and _key(item, PLUGIN) is not None)
            )
        ]


HEADER = (
    "# Written by `modelzoo render` from {source}: that config without the modelzoo plugin (its pages are\n"
    "# in docs/), with the navigation the plugin makes and no edit links. Replaced the next time it runs.\n"
)


def folder_config(
    root: MappingNode, *, source: str, nav: Sequence[NavItem], not_in_nav: Sequence[str]
) -> str:
    """The folder's mkdocs.yml: ``root`` (from ``read_config``; changed in place) without the plugin, with
    ``docs_dir: docs``, ``nav`` (unless it sets one), ``not_in_nav`` extended by these pages, and no edit
    links."""
    _drop_plugin(root)
    _set(root, "docs_dir", _text("docs", plain=True))
    _set(root, "edit_uri", _text(""))
    _drop(root, "edit_uri_template")
    patterns = [line for line in _string_setting(root, "not_in_nav", source).splitlines() if line.strip()]
    patterns += [_pattern(path) for path in not_in_nav]
    if patterns:
        _set(root, "not_in_nav", ScalarNode(_STR, "\n".join(patterns) + "\n", style="|"))
    if _key(root, "nav") is None:
        _set(root, "nav", _nav_node(nav))
    body = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=False, width=120)
    return HEADER.format(source=source) + body
