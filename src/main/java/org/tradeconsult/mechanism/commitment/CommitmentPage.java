package org.tradeconsult.mechanism.commitment;

import java.util.List;

/** One page of a commitment search: the items, which page of what size, and how many match in all. */
public record CommitmentPage(List<CommitmentView> items, int page, int size, long total) {}
