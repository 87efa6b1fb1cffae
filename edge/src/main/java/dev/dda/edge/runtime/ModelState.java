package dev.dda.edge.runtime;

/** Triton's repository-index vocabulary, so KServe/Triton tooling reads our index. */
public enum ModelState { UNAVAILABLE, LOADING, READY }
