// Saves each answer of a form marked data-autosave (a rating step, a reflection) as it is
// given, and says so in the form's .save-status. An answer the server has not confirmed is
// kept in this browser until it has, so a lost connection or a reload loses nothing; each
// save sends only the answers changed, so two tabs keep what either gave. Without this
// script, the forms' buttons save what they hold.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosave]").forEach(follow);
})();

function follow(form) {
  "use strict";
  const status = form.querySelector(".save-status");
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const url = form.action || window.location.href;
  const key = "cxlab-unsaved:" + new URL(url, window.location.href).pathname;
  const RETRY = 5000;
  let unsaved = {};
  let sending = false;
  let retry = null;
  let waiting = null; // the button pressed while a save was on its way

  function say(state) {
    status.textContent = status.dataset[state];
    status.dataset.state = state;
  }

  function remember() {
    try {
      if (Object.keys(unsaved).length) localStorage.setItem(key, JSON.stringify(unsaved));
      else localStorage.removeItem(key);
    } catch (error) {
      // Private windows may refuse storage: the answers still go to the server.
    }
  }

  function mark(name) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    const fieldset = input && input.closest("fieldset.statement");
    if (fieldset) fieldset.classList.add("answer-saved");
  }

  function send() {
    if (sending || !Object.keys(unsaved).length) return;
    sending = true;
    const sent = { ...unsaved };
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("autosave", "1");
    Object.entries(sent).forEach(([name, value]) => body.append(name, value));
    say("saving");
    fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json(); // the whole answer in: one request at a time
      })
      .then(() => {
        Object.entries(sent).forEach(([name, value]) => {
          if (unsaved[name] === value) delete unsaved[name];
          mark(name);
        });
        remember();
        sending = false;
        if (waiting) {
          const button = waiting;
          waiting = null;
          form.requestSubmit(button);
        } else if (Object.keys(unsaved).length) send();
        else say("saved");
      })
      .catch(() => {
        sending = false;
        if (waiting) {
          // The button's own request carries everything: let it try.
          const button = waiting;
          waiting = null;
          form.requestSubmit(button);
          return;
        }
        say("failed");
        clearTimeout(retry);
        retry = setTimeout(send, RETRY);
      });
  }

  // How many of the page's questions have an answer, where the page shows it.
  const answered = form.querySelector("[data-answered]");
  function count() {
    if (!answered) return;
    const groups = Array.from(form.querySelectorAll("fieldset.rating-group"));
    answered.textContent = groups.filter((group) => group.querySelector("input:checked")).length;
    form.querySelector("[data-questions]").textContent = groups.length;
    answered.parentElement.hidden = false;
  }

  function given(name, value) {
    unsaved[name] = value;
    remember();
    send();
  }

  // What an earlier visit could not save: put it back on the page, and send it.
  try {
    unsaved = JSON.parse(localStorage.getItem(key) || "{}");
  } catch (error) {
    unsaved = {};
  }
  Object.entries(unsaved).forEach(([name, value]) => {
    const field = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!field) return;
    if (field.type === "radio") {
      const choice = form.querySelector(
        `[name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`
      );
      if (choice) choice.checked = true;
    } else {
      field.value = value;
    }
  });
  send();
  count();

  form.addEventListener("change", (event) => {
    if (event.target.type === "radio") given(event.target.name, event.target.value);
    count();
  });
  form.querySelectorAll("textarea").forEach((text) => {
    let typing = null;
    text.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => given(text.name, text.value), 800);
    });
  });
  window.addEventListener("online", send);
  // The buttons save everything the form holds: nothing is left waiting here. A save on
  // its way goes first, so that this browser never sends two at once.
  form.addEventListener("submit", (event) => {
    if (sending) {
      event.preventDefault();
      waiting = event.submitter;
      return;
    }
    unsaved = {};
    remember();
  });
}
