"""A synthetic national portfolio for load tests and benchmarks (see generate.py)."""
