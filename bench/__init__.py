"""The benchmark (`python -m bench`): our assistant against a bare `rasa init` bot; docs/benchmark.md."""
