"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import type { ComponentProps, ReactNode } from "react";

export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600";

/**
 * A modal dialog (Radix): focus moves in and is trapped, Esc and the overlay close it, focus
 * returns to the trigger, and the title and description label it for screen readers.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[1px]" />
        <DialogPrimitive.Content
          className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-xl border border-zinc-200 bg-white p-4 text-zinc-900 shadow-xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
          // Without a description Radix warns; say explicitly that there is none.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <DialogPrimitive.Title className="text-base font-semibold">{title}</DialogPrimitive.Title>
          {description ? (
            <DialogPrimitive.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {description}
            </DialogPrimitive.Description>
          ) : null}
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

/** A button styled for dialogs: `primary`, `danger` or the quiet `secondary`. */
export function DialogButton({
  variant = "secondary",
  className = "",
  ...props
}: ComponentProps<"button"> & { variant?: "primary" | "danger" | "secondary" }) {
  const look = {
    primary:
      "bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200",
    danger: "bg-red-600 text-white hover:bg-red-700",
    secondary: "border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800",
  }[variant];
  return (
    <button
      {...props}
      className={`rounded-md px-3 py-1 text-sm font-medium disabled:opacity-60 ${focusRing} ${look} ${className}`}
    />
  );
}
