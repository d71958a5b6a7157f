// Every word the widget itself shows, by language. The clinic's facts (name, phone, emergency
// number, how the chat is stored) come from the server (clinic.yml), not from here.
// Plain language, reading grade 8 or lower; the browser tests check the English set.

const EN = {
  launcher: "Chat with us",
  title: (clinic) => `${clinic} chat`,
  close: "Close chat",
  inputLabel: "Type your message",
  send: "Send",
  you: "You said:",
  assistant: "Assistant:",
  typing: "The assistant is typing…",
  connecting: "Connecting to the chat…",
  reconnecting: "The connection was lost. Trying again…",
  unavailable: (phone) => `The chat is not working right now. Please call the clinic at ${phone}.`,
  unavailableNoPhone: "The chat is not working right now. Please call the clinic.",
  expired: "Your earlier chat has ended, so this is a new chat.",
  expiredResend: "Your chat had ended, so it was started again. Please send your message again.",
  sendFailed: "This message was not sent.",
  noticeTitle: "Before you start",
  noticeEmergency: (number) => `This chat is not for emergencies. If you need help right now, call ${number}.`,
  noticeCrisis: (line) => `If you are thinking about hurting yourself, call or text ${line}.`,
  noticeDiagnosis: "The chat gives general information. It is not a diagnosis.",
  noticeShort: (number) => `Not for emergencies: call ${number}.`,
  startLabel: "Ways to start",
  start: [
    { title: "Take the pain quiz", payload: "/start_quiz" },
    { title: "Ask a question", payload: "/help" },
    { title: "Request an appointment", payload: "/request_appointment" },
  ],
  quickReplies: "Answer choices",
  resultTitle: "Your pain quiz result",
  routes: {
    si_likely: "Likely: your answers fit pain from the SI joint.",
    si_possible: "Possible: the SI joint may play a part.",
    si_unlikely: "Less likely: your answers do not point much to the SI joint.",
    rheumatology: "Worth a check: your answers fit a pattern a joint doctor should look at.",
  },
  bandLabel: "Chance the SI joint is the source",
  bands: { high: "higher", moderate: "middle", low: "lower" },
  saidYes: "You said yes to",
  saidNo: "You said no to",
  toldUs: "You told us",
  nextSteps: "Next steps",
  notDiagnosis: "This is not a diagnosis.",
  requestAppointment: { title: "Request an appointment", payload: "/request_appointment" },
  alertEmergency: "Emergency",
  alertUrgent: "Get care today",
  callEmergency: (number) => `Call ${number}`,
  callCrisis: (line) => `Call ${line}`,
  textCrisis: (line) => `Text ${line}`,
  callClinic: (phone) => `Call the clinic: ${phone}`,
  bookingTitle: "Request sent",
  bookingReference: "Your reference",
  opensNewTab: "(opens in a new tab)",
};

const STRINGS = { en: EN };

export function stringsFor(language) {
  return STRINGS[language] ? { language, ...STRINGS[language] } : { language: "en", ...EN };
}
