"""Issue 15's facet development set: the labelling rule, the draw, the labels and the scorer."""
