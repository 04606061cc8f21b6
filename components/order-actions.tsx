"use client";

import { Ban, type LucideIcon, Mail, PackageCheck, RotateCw, Truck } from "lucide-react";
import { useRouter } from "next/navigation";
import { type ReactNode, useId, useState, useTransition } from "react";
import {
  cancelOrderAction,
  markOrderDeliveredAction,
  type OrderActionResult,
  type OrderEditResult,
  resendOrderEmailAction,
  resubmitOrderAction,
} from "@/app/admin/orders/[id]/order-actions";
import { Dialog, DialogButton, focusRing } from "./ui/dialog";

export type ActionKind = "resendConfirmation" | "resendShipping" | "resubmit" | "cancel" | "markDelivered";

type Props = {
  orderId: string;
  customerEmail: string;
  /** Which actions the order's state allows (the server checks again). */
  available: Record<ActionKind, boolean>;
  /** Whether Printify has the order: cancelling then cancels it there too. */
  atPrintify: boolean;
  /** Offer only these actions (the fix for one problem, in a banner or a feed row). */
  only?: readonly ActionKind[];
  /** Shorter button labels, for a row of the feed. */
  short?: boolean;
};

const buttons: { kind: ActionKind; label: string; icon: LucideIcon }[] = [
  { kind: "resendConfirmation", label: "Resend confirmation email", icon: Mail },
  { kind: "resendShipping", label: "Resend shipping email", icon: Truck },
  { kind: "resubmit", label: "Resubmit to Printify", icon: RotateCw },
  { kind: "markDelivered", label: "Mark delivered", icon: PackageCheck },
  { kind: "cancel", label: "Cancel order", icon: Ban },
];

const shortLabels: Record<ActionKind, string> = {
  resendConfirmation: "Resend",
  resendShipping: "Resend",
  resubmit: "Resubmit",
  markDelivered: "Mark delivered",
  cancel: "Cancel",
};

const done: Record<ActionKind, string> = {
  resendConfirmation: "Asked to resend the confirmation email.",
  resendShipping: "Asked to resend the shipping email.",
  resubmit: "Sent the order to Printify again.",
  cancel: "Cancelled the order.",
  markDelivered: "Marked the order delivered.",
};

/**
 * What a person can do next about an order — resend an email, resubmit it, cancel it — each
 * behind a confirmation dialog (Radix: focus moves in and stays, Esc closes). Failures
 * stay in the dialog as an alert; success refreshes the timeline, where the new event appears.
 */
export function OrderActions({ orderId, customerEmail, available, atPrintify, only, short }: Props) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState<ActionKind | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [pending, startTransition] = useTransition();
  const offered = buttons.filter((b) => available[b.kind] && (!only || only.includes(b.kind)));
  // After the last possible action (a cancellation), only its confirmation remains.
  if (offered.length === 0 && !status) return null;

  const openDialog = (kind: ActionKind) => {
    setError(null);
    setStatus("");
    setOpen(kind);
  };
  const close = () => {
    if (!pending) setOpen(null);
  };
  const confirm = () => {
    if (!open || pending) return;
    const kind = open;
    startTransition(async () => {
      let result: OrderActionResult | OrderEditResult;
      if (kind === "cancel") result = await cancelOrderAction({ orderId, reason });
      else if (kind === "markDelivered") result = await markOrderDeliveredAction({ orderId });
      else if (kind === "resubmit") result = await resubmitOrderAction({ orderId });
      else
        result = await resendOrderEmailAction({
          orderId,
          email: kind === "resendShipping" ? "shipping" : "confirmation",
        });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setReason("");
      setOpen(null);
      setStatus(done[kind]);
      router.refresh();
    });
  };

  return (
    <div className={only ? "" : "mb-2"}>
      {offered.length ? (
        <fieldset className="flex flex-wrap gap-2">
          <legend className="sr-only">{only ? "Fix the problem" : "Order actions"}</legend>
          {offered.map(({ kind, label, icon: Icon }) => (
            <button
              key={kind}
              type="button"
              onClick={() => openDialog(kind)}
              aria-haspopup="dialog"
              className={`flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs font-medium ${focusRing} ${
                kind === "cancel"
                  ? "border-red-300 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950/40"
                  : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              }`}
            >
              <Icon aria-hidden className="size-3.5" />
              {short ? shortLabels[kind] : label}
            </button>
          ))}
        </fieldset>
      ) : null}
      <p role="status" className={`text-xs text-emerald-700 dark:text-emerald-400 ${status ? "mt-1" : ""}`}>
        {status}
      </p>
      <ConfirmDialog
        open={open !== null}
        onClose={close}
        onConfirm={confirm}
        pending={pending}
        error={error}
        danger={open === "cancel"}
        {...dialogText(open, customerEmail, atPrintify)}
      >
        {open === "cancel" ? (
          <div className="mt-3">
            <label htmlFor={`${id}-reason`} className="mb-1 block text-xs font-medium">
              Reason
            </label>
            <input
              id={`${id}-reason`}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                if (error) setError(null);
              }}
              maxLength={200}
              placeholder="e.g. customer request"
              aria-describedby={`${id}-reason-hint`}
              aria-invalid={error ? true : undefined}
              className={`block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-zinc-400 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`}
            />
            <p id={`${id}-reason-hint`} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              The customer sees this reason on their order-status page.
            </p>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

function dialogText(kind: ActionKind | null, email: string, atPrintify: boolean) {
  switch (kind) {
    case "resendShipping":
      return {
        title: "Resend the shipping email?",
        body: `The shipping notification, with its tracking link, goes to ${email} again.`,
        confirmLabel: "Resend",
        pendingLabel: "Resending…",
      };
    case "resubmit":
      return {
        title: "Resubmit to Printify?",
        body: "The order goes to the submission worker again. Do this once the cause of the failure is fixed (Printify back up, the variant back in stock).",
        confirmLabel: "Resubmit",
        pendingLabel: "Resubmitting…",
      };
    case "markDelivered":
      return {
        title: "Mark this order delivered?",
        body: "Do this when the customer confirms it arrived but the carrier never said so. The change is logged on the timeline.",
        confirmLabel: "Mark delivered",
        pendingLabel: "Saving…",
      };
    case "cancel":
      return {
        title: "Cancel this order?",
        body: `${atPrintify ? "Printify is asked to cancel it first; if it has started printing, nothing changes. " : ""}The payment is not refunded automatically: refund it in Stripe.`,
        confirmLabel: "Cancel order",
        pendingLabel: "Cancelling…",
      };
    default:
      return {
        title: "Resend the confirmation email?",
        body: `The order confirmation goes to ${email} again.`,
        confirmLabel: "Resend",
        pendingLabel: "Resending…",
      };
  }
}

function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  pendingLabel: string;
  danger: boolean;
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: () => void;
  children?: ReactNode;
}) {
  const { pending, onClose } = props;
  return (
    <Dialog
      open={props.open}
      // Esc, the overlay and "Go back" close it: not while the action runs.
      onOpenChange={(open) => {
        if (!open && !pending) onClose();
      }}
      title={props.title}
      description={props.body}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onConfirm();
        }}
      >
        {props.children}
        {props.error ? (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
            {props.error}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <DialogButton type="button" onClick={onClose} disabled={pending}>
            Go back
          </DialogButton>
          <DialogButton
            type="submit"
            variant={props.danger ? "danger" : "primary"}
            disabled={pending}
            aria-busy={pending}
          >
            {pending ? props.pendingLabel : props.confirmLabel}
          </DialogButton>
        </div>
      </form>
    </Dialog>
  );
}
