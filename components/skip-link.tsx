/** The first tab stop of every page: straight to its `<main id="content">`, past the navigation. */
export function SkipLink() {
  return (
    <a href="#content" className="skip-link">
      Skip to content
    </a>
  );
}
