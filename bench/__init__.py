"""deskcheck benchmarks: `python -m bench [--quick]`. Not part of the test suite."""
