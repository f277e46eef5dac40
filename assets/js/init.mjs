// Start GOV.UK Frontend's JavaScript for every component marked with data-module.
// Loaded as <script type="module">, so browsers without ES module support skip it and keep
// the no-JavaScript experience that every GOV.UK component already supports.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// Wide tables (issue 11): a table keeps its words whole and scrolls sideways inside its
// .csp-table-wrapper. Say so above it while it is wider than the screen, and make sure
// every wrapper can be reached and scrolled from the keyboard and is named for screen
// readers (the caption), even where a template left the attributes out.
const HINT = "Scroll the table sideways to see all its columns";

function prepareTableWrapper(wrapper) {
  if (!wrapper.hasAttribute("tabindex")) wrapper.setAttribute("tabindex", "0");
  if (!wrapper.hasAttribute("role")) wrapper.setAttribute("role", "region");
  if (!wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
    const caption = wrapper.querySelector("caption");
    wrapper.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
  }
  const hint = document.createElement("p");
  hint.className = "csp-table-hint";
  hint.textContent = HINT;
  hint.hidden = true;
  wrapper.before(hint);
  return hint;
}

function showTableHints(pairs) {
  for (const [wrapper, hint] of pairs) {
    hint.hidden = wrapper.scrollWidth <= wrapper.clientWidth + 1;
  }
}

const tableWrappers = Array.from(document.querySelectorAll(".csp-table-wrapper")).map(
  (wrapper) => [wrapper, prepareTableWrapper(wrapper)],
);
if (tableWrappers.length) {
  showTableHints(tableWrappers);
  window.addEventListener("resize", () => showTableHints(tableWrappers));
  if ("ResizeObserver" in window) {
    const observer = new ResizeObserver(() => showTableHints(tableWrappers));
    for (const [wrapper] of tableWrappers) observer.observe(wrapper);
  }
}
