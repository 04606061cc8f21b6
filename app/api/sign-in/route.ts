import { signInWithForm } from "@/lib/http/auth/sign-in-with-form";

/** The sign-in form's target when JavaScript has not loaded (see `signInWithForm`). */
export async function POST(request: Request) {
  return signInWithForm(request);
}
