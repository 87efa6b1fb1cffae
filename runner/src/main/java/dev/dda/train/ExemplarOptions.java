package dev.dda.train;

/**
 * Knobs of the exemplar model (see {@link ExemplarGraph}).
 *
 * @param shift pixels an exemplar may move each way to meet the image
 * @param window side of the neighbourhood whose mean squared difference is compared
 * @param maximum exemplars kept; more normal images than this are thinned to the most different ones
 */
record ExemplarOptions(int shift, int window, int maximum) {}
