"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requirePageAccess, STORE_COOKIE } from "@/lib/http/access";

/** Switches the store the admin works in; only to a store the person is a member of. */
export async function switchStore(formData: FormData) {
  const access = await requirePageAccess(null);
  const slug = z.string().max(63).safeParse(formData.get("store"));
  if (slug.success && access.memberships.some((m) => m.slug === slug.data)) {
    (await cookies()).set(STORE_COOKIE, slug.data, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NODE_ENV === "production" && process.env.NEXTAUTH_URL?.startsWith("https:"),
      maxAge: 60 * 60 * 24 * 365,
    });
  }
  redirect("/admin");
}
