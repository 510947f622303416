"""Packaging that pyproject.toml cannot say: the shipped templates live at the top of the repository.

``templates/`` (the default proposal, its translations and text blocks) sits beside ``bidkit/``
where people look for it, and an installed bidkit carries it as ``bidkit/templates``: the
folder is mapped into the package here, so neither a symlink nor a copy is kept in the tree.
Everything else about the package is in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

TEMPLATES = ["bidkit.templates", *(f"bidkit.templates.{sub}" for sub in find_namespace_packages("templates"))]
# The portal's pages, stylesheet and translations: folders of data inside bidkit/portal.
PORTAL_DATA = [f"bidkit.portal.{sub}" for sub in find_namespace_packages(
    "bidkit/portal", include=["templates", "templates.*", "static", "static.*", "locale", "locale.*"])]

setup(
    packages=[*find_packages(include=["bidkit", "bidkit.*"]), *TEMPLATES, *PORTAL_DATA],
    package_dir={"bidkit.templates": "templates"},
    package_data={"bidkit": ["py.typed"], **{name: ["*.docx", "*.po", "*.md"] for name in TEMPLATES},
                  **{name: ["*.html", "*.css", "*.po", "*.mo"] for name in PORTAL_DATA}},
)
