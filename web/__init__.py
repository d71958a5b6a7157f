"""The web process: the demo clinic page, the chat widget's files and (later) the staff console.

``web.app.create_app()`` builds the Starlette app; ``python -m web`` serves it (127.0.0.1,
``WEB_PORT``, default 8080).
"""
