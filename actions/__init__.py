"""Rasa SDK actions: thin adapters between Rasa and the clinical core in ``clinic_core``.

rasa-sdk imports every module of this package and registers each concrete Action class.
"""
