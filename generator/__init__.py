"""modelzoo-docs: data files -> validated catalogue -> documentation pages.

The pipeline stages are modules of their own: ``load`` -> ``validate`` -> ``catalogue`` -> ``analyse`` ->
``render`` -> ``publish``. Nothing here imports mkdocs except ``generator.publish.plugin``.
"""

__version__ = "0.1.0"
