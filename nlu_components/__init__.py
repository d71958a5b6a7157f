"""Rasa NLU components: thin adapters over ``clinic_core`` (which never imports Rasa)."""
