// Entry point: mounts the app frame into the page.
// First: a valid page language before any module formats numbers (see the module).
import "./lib/locale-guard";
// Then the language, before any message is read.
import "./lib/i18n.svelte";
import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("the page has no #app element");

export default mount(App, { target });
