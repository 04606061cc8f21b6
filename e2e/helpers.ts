import { expect, type Page } from "@playwright/test";

export const accounts = {
  owner: { email: "owner@demo.storyline.test", password: "demo-owner-pass" },
  manager: { email: "manager@demo.storyline.test", password: "demo-manager-pass" },
  staff: { email: "staff@demo.storyline.test", password: "demo-staff-pass" },
} as const;

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin/);
}
