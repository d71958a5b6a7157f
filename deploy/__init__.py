"""The multi-server deployment recipe (docs/deployment.md): the nginx config generator."""
