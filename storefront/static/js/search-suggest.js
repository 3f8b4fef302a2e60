// As-you-type suggestions for the search box: an ARIA 1.2 combobox over /api/v1/suggest.
// Without JavaScript the box is a plain search form; this only adds the list.
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var MIN_CHARS = 2;

  function setUp(form) {
    var input = form.querySelector("input[type=search]");
    if (!input) {
      return;
    }
    var lang = document.documentElement.lang || "vi";
    var kinds = {
      product: form.dataset.kindProduct,
      producer: form.dataset.kindProducer,
      category: form.dataset.kindCategory
    };
    var listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", form.dataset.suggestionsLabel || "");
    listbox.hidden = true;
    form.appendChild(listbox);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var items = [];
    var active = -1;
    var timer = null;
    var latestRequest = 0;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      items.forEach(function (item, position) {
        item.element.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].element.id);
        items[index].element.scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      listbox.textContent = "";
      items = suggestions.map(function (suggestion, position) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "suggestions__option";
        var label = document.createElement("span");
        label.className = "suggestions__label";
        label.textContent = suggestion.label;
        var kind = document.createElement("span");
        kind.className = "suggestions__kind";
        kind.textContent = kinds[suggestion.kind] || suggestion.kind;
        option.appendChild(label);
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep focus in the box until we navigate
          window.location.assign(suggestion.url);
        });
        listbox.appendChild(option);
        return {element: option, url: suggestion.url};
      });
      active = -1;
      listbox.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        close();
        return;
      }
      var requestNumber = ++latestRequest;
      var url = "/api/v1/suggest?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(text);
      fetch(url, {headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
        .then(function (data) {
          if (requestNumber === latestRequest) {  // an older, slower answer must not win
            render(data.suggestions || []);
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (listbox.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].url);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  document.querySelectorAll("form[data-suggest]").forEach(setUp);
})();
