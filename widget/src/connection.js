// The socket.io connection to the assistant (channels/socketio.py on the server).
// The browser keeps only the signed session token, in sessionStorage (this tab, until it closes);
// the conversation itself comes back from the server on every (re)connect.
import { io } from "../vendor/socket.io.esm.min.js";

const TOKEN_KEY = "clinic-chat-session";
const REPLY_TIMEOUT_MS = 90000;
const FAILURES_BEFORE_GIVING_UP = 3; // then the widget shows the clinic's phone, and keeps trying

function storage() {
  try {
    return window.sessionStorage;
  } catch (error) {
    return null; // storage blocked: the chat still works, a reload starts a new one
  }
}

export function storedToken() {
  const store = storage();
  return store ? store.getItem(TOKEN_KEY) : null;
}

function storeToken(token) {
  const store = storage();
  if (!store) return;
  if (token) store.setItem(TOKEN_KEY, token);
  else store.removeItem(TOKEN_KEY);
}

export class Connection {
  // handlers: {confirmed(confirm), reply(message), status("connecting"|"ok"|"reconnecting"|"unavailable")}
  constructor(config, handlers) {
    this.config = config;
    this.handlers = handlers;
    this.token = storedToken();
    this.ready = false;
    this.failures = 0;
    this.socket = null;
  }

  start() {
    if (this.socket) return;
    this.handlers.status("connecting");
    this.socket = io(this.config.serverUrl, {
      path: this.config.socketPath, transports: ["websocket", "polling"], tryAllTransports: true,
    });
    this.socket.on("connect", () => {
      this.failures = 0;
      this.socket.emit("session_request", this.token ? { session_token: this.token } : {});
    });
    this.socket.on("session_confirm", (confirm) => {
      this._keep(confirm.session_token);
      this.ready = true;
      this.handlers.status("ok");
      this.handlers.confirmed(confirm);
    });
    this.socket.on("bot_uttered", (message) => this.handlers.reply(message));
    this.socket.on("disconnect", () => this._lost());
    this.socket.on("connect_error", () => {
      this.failures += 1;
      this._lost();
    });
  }

  _lost() {
    this.ready = false;
    this.handlers.status(this.failures >= FAILURES_BEFORE_GIVING_UP ? "unavailable" : "reconnecting");
    this.handlers.lost();
  }

  _keep(token) {
    this.token = token || null;
    storeToken(this.token);
  }

  // A new conversation: forget the old token and ask for a new session.
  restart() {
    this._keep(null);
    if (this.socket && this.socket.connected) this.socket.emit("session_request", {});
  }

  // done(ack) gets the server's acknowledgement, or null if none came (timeout or lost link).
  send(entry, retry, done) {
    const payload = { session_token: this.token, message: entry.payload, message_id: entry.message_id, retry };
    this.socket.timeout(REPLY_TIMEOUT_MS).emit("user_uttered", payload, (error, ack) => {
      if (!error && ack && ack.session_token) this._keep(ack.session_token);
      done(error ? null : ack);
    });
  }
}
