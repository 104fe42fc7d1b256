"""The Institutions pane's three views of one body of data — a hierarchy
(tree), a graph and a timeline — each in a module of its own, with the legend,
icons and styles they share (the legend wraps with the one flow layout,
widgets/wrap_bar.py). Each view shows the institutions it is given, says which
one the analyst picked (``picked``, the signal every chart uses) and can be
told to select one (``select``). Imported only when the pane builds its charts
(pyqtgraph is loaded then, never before the first paint)."""
from explorer.ui.widgets.institutions.graph import InstitutionGraph
from explorer.ui.widgets.institutions.timeline import InstitutionTimeline
from explorer.ui.widgets.institutions.tree import InstitutionTree

__all__ = ["InstitutionGraph", "InstitutionTimeline", "InstitutionTree"]
