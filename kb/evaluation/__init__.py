"""Search-quality evaluation: a judged query set (BEIR/TREC form), metrics, and the table of conditions."""
