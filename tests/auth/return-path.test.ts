import { describe, expect, test } from "vitest";
import { returnPathOr, sameOriginPath } from "@/lib/http/return-path";

describe("sameOriginPath", () => {
  test.each([
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/\t/evil.example/",
    "/\n/evil.example",
    " //evil.example",
    "https://evil.example/admin",
    "https:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    decodeURIComponent("%2F%5Cevil.example"),
    decodeURIComponent("/%09/evil.example/"),
  ])("refuses %j", (target) => {
    expect(sameOriginPath(target)).toBeNull();
    expect(returnPathOr(target)).toBe("/admin");
  });

  test("keeps this app's paths with their query and hash", () => {
    expect(sameOriginPath("/admin/orders/0192-abc")).toBe("/admin/orders/0192-abc");
    expect(sameOriginPath("/admin/activity?tab=attention&level=error")).toBe(
      "/admin/activity?tab=attention&level=error",
    );
    expect(sameOriginPath("/admin#top")).toBe("/admin#top");
    expect(sameOriginPath("admin/orders")).toBe("/admin/orders");
  });

  test("encoded tricks stay paths on this app", () => {
    // Still encoded, they are a path segment, never a host.
    expect(sameOriginPath("/%09/evil.example/")).toBe("/%09/evil.example/");
    expect(sameOriginPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(sameOriginPath("/%5Cevil.example")).toBe("/%5Cevil.example");
    // A scheme-relative path of the base's own scheme is a path; what is returned is a path too.
    expect(sameOriginPath("http:evil.example")).toBe("/evil.example");
  });

  test("an absolute URL is kept only on the app's own origin, and never as //", () => {
    const origin = "http://127.0.0.1:3100";
    expect(sameOriginPath("http://127.0.0.1:3100/admin/orders?x=1", origin)).toBe("/admin/orders?x=1");
    expect(sameOriginPath("http://127.0.0.1:3100//evil.example/", origin)).toBe("/evil.example/");
    expect(sameOriginPath("http://127.0.0.1:3101/admin", origin)).toBeNull();
    expect(sameOriginPath("https://127.0.0.1:3100/admin", origin)).toBeNull();
    expect(sameOriginPath("", origin)).toBeNull();
    expect(sameOriginPath(undefined)).toBeNull();
  });
});
