/* A searchable picker (an ARIA combobox) for the path's two ends.
 *
 * Type part of a name or alias: the list below shows the matching actors
 * (by mmruMatch's tiers, the CLI's rules), ↑/↓ move, Enter or a click picks,
 * Escape closes. The picked entity's number is in input.dataset.id; typing
 * again clears it. Options are list items filled with textContent only.
 */
const mmruPicker = (function () {
  "use strict";

  const SHOWN = 12;
  let counter = 0;

  /* input: <input role=combobox>; candidates(query) -> [{id, name, note}]; onPick(id). */
  function createPicker(input, candidates, onPick) {
    const listId = input.id + "-list";
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.autocomplete = "off";
    let items = [], active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(k) {
      active = k;
      [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === k)));
      if (k >= 0) {
        input.setAttribute("aria-activedescendant", list.children[k].id);
        list.children[k].scrollIntoView({ block: "nearest" });
      }
    }
    function pick(k) {
      const item = items[k];
      if (!item) return;
      input.value = item.name;
      input.dataset.id = String(item.id);
      close();
      if (onPick) onPick(item.id);
    }
    function open() {
      const query = input.value;
      items = candidates(query).slice(0, SHOWN);
      list.replaceChildren(...items.map((item) => {
        const li = document.createElement("li");
        li.id = "picker-" + (++counter);
        li.setAttribute("role", "option");
        li.dataset.id = String(item.id);
        const name = document.createElement("span");
        name.textContent = item.name;
        li.append(name);
        if (item.note) {
          const note = document.createElement("span");
          note.className = "picker-note";
          note.textContent = item.note;
          li.append(note);
        }
        // mousedown, not click: the input would lose focus and close the list first.
        li.addEventListener("mousedown", (event) => { event.preventDefault(); pick(items.indexOf(item)); });
        return li;
      }));
      if (!items.length) {
        const li = document.createElement("li");
        li.className = "picker-none";
        li.textContent = query.trim() ? "no actor matches" : "type a name";
        list.append(li);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(items.length ? 0 : -1);
    }

    input.addEventListener("input", () => { delete input.dataset.id; open(); });
    input.addEventListener("focus", () => { if (!input.dataset.id) open(); });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) open();
        else if (items.length) highlight((active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length);
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { pick(active); event.preventDefault(); }
      } else if (event.key === "Escape") {
        close();
      }
    });
    return {
      set(id, name) { input.value = name || ""; if (id === null || id === undefined) delete input.dataset.id; else input.dataset.id = String(id); close(); },
      value() { return input.dataset.id === undefined ? null : Number(input.dataset.id); },
      close,
    };
  }

  return { createPicker };
})();
