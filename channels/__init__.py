"""Rasa input channels of this project (referenced by module path in credentials.yml).

Plain adapters: they check what arrives from the outside world and hand Rasa a UserMessage.
``common`` holds what every web-facing channel shares (allowed origins, message limits).
"""
