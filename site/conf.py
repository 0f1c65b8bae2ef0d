"""Sphinx configuration of the course website (built by ``python -m course_tools site``).

Sphinx + myst-nb + sphinx-book-theme, the stack of Jupyter Book 1: it builds offline (Jupyter Book 2
downloads its site template at build time). The notebooks arrive already executed, so nothing runs
here. MathJax and the widget manager are local copies under _static/, so the site makes no request
outside the machine and works from file:// (a USB stick) as well as from a web server.
"""

import os

# The site's language (course_tools.site sets it for each edition; sphinx-build -D language= sets Sphinx's).
COURSE_LANGUAGE = os.environ.get("COURSE_SITE_LANGUAGE", "en")
TITLES = {
    "en": ("Generative models: from maximum likelihood to variational autoencoders", "Generative models — course"),
    "es": (
        "Modelos generativos: de la máxima verosimilitud a los autoencoders variacionales",
        "Modelos generativos — curso",
    ),
}
project, html_title = TITLES[COURSE_LANGUAGE]
author = "The course authors"
copyright = "the course authors, MIT licence"
language = COURSE_LANGUAGE

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md", "_generated", "_extra"]

# Notebooks are executed by course_tools before the build; myst-nb only renders them.
nb_execution_mode = "off"
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs (tables of results) rendered with MyST, tables included
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # notebooks start with an H1 and use numbered H2s

html_theme = "sphinx_book_theme"
html_favicon = "_static/favicon.svg"  # served by the site, so no browser asks a server for /favicon.ico
html_static_path = ["_static"]
templates_path = ["_templates"]  # the theme's search button, named by what it shows (accessibility)
html_css_files = ["course.css"]
html_js_files = [
    ("mathjax2-shim.js", {"priority": 100}),  # before MathJax and the widget manager
    "widget-labels.js",  # saved widget sliders named by their labels (accessibility)
]
html_context = {"default_mode": "light"}
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
html_copy_source = False

# Local MathJax 3 (the copy the decks use), relative to _static/.
mathjax_path = "mathjax/es5/tex-chtml-full.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]}}

# ipywidgets' static state (saved by the execution) rendered by local copies of require.js and the
# @jupyter-widgets/html-manager bundle; its "CDN" for modules it does not bundle is a local folder
# too, so an unknown widget fails visibly instead of reaching out to the network.
nb_ipywidgets_js = {
    "widgets/require.js": {},
    "widgets/require-config.js": {},
    "widgets/@jupyter-widgets/html-manager/dist/embed-amd.js": {
        "data-jupyter-widgets-cdn": "../_static/widgets/",
        "data-jupyter-widgets-cdn-only": "",
    },
}
html_extra_path = ["_extra"]
