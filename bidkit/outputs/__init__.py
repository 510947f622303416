"""Renderers: the priced bid in, documents out.  They never see YAML or workbooks."""
