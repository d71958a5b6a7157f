"""``python -m web``: the demo clinic page, the widget and the staff console (/staff) on
127.0.0.1:$WEB_PORT (default 8080)."""
from __future__ import annotations

import uvicorn
from starlette.routing import Mount

from console.app import create_console_app
from web.app import create_app
from web.settings import WebSettings


def main() -> None:
    from clinic_core.log_privacy import install as keep_health_data_out_of_logs
    from clinic_core.private_storage import secure_process

    keep_health_data_out_of_logs()
    secure_process()
    settings = WebSettings.from_env()
    print(f"Demo clinic page: http://localhost:{settings.port}/ (the chat widget talks to "
          f"{settings.assistant_url}); staff console: http://localhost:{settings.port}/staff/", flush=True)
    # No access log: the staff console's URLs will name conversations. No WebSocket support:
    # this process serves pages only, and uvicorn's default needs a newer `websockets` than
    # Rasa 3.6 pins.
    console = Mount("/staff", app=create_console_app())
    uvicorn.run(create_app(settings, mounts=[console]), host=settings.host, port=settings.port, access_log=False,
                log_level="warning", ws="none")


if __name__ == "__main__":
    main()
