/**
 * The theme a person chose, kept in a cookie so the server renders `<html class="dark">` (or
 * `light`) itself: no inline script, no flash, and nothing a client-side render of the root
 * can undo. Without the cookie the page follows the system (`prefers-color-scheme`, in CSS).
 */
export const THEME_COOKIE = "theme";

export type Theme = "light" | "dark";

export const parseTheme = (value: string | undefined): Theme | null =>
  value === "light" || value === "dark" ? value : null;
