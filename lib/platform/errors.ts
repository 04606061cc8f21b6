/**
 * An error with meaning: a stable code, the HTTP status an edge should answer with, and
 * whether trying again could help (workers do not retry what cannot succeed).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly retryable = false,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, code = "bad_request") => new AppError(code, message, 400);
export const notFound = (message: string) => new AppError("not_found", message, 404);
export const unauthorized = (message = "Sign in to continue.") => new AppError("unauthorized", message, 401);
export const forbidden = (message = "You do not have access to this.") =>
  new AppError("forbidden", message, 403);
