// Start GOV.UK Frontend's JavaScript for every component marked with data-module.
// Loaded as <script type="module">, so browsers without ES module support skip it and keep
// the no-JavaScript experience that every GOV.UK component already supports.
import { initAll } from "./govuk-frontend.min.js";

initAll();
