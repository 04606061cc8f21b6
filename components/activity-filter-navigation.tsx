"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  type ComponentProps,
  createContext,
  type MouseEvent,
  type ReactNode,
  useContext,
  useTransition,
} from "react";
import { ActivityFilterSkeleton } from "./activity-filter-skeleton";

type FeedNavigation = { pending: boolean; navigate: (href: string) => void };

const FeedNavigationContext = createContext<FeedNavigation | null>(null);

/**
 * Moves between filtered views of the feed in a transition, so the current view stays until the
 * next one is ready and `ActivityFilterResults` shows a skeleton meanwhile. Without JavaScript the
 * form and links below are plain GET navigations to complete server-rendered pages (a route-level
 * loading.tsx would stream the page behind a fallback that only JavaScript can swap out).
 */
export function ActivityFilterNavigation({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const navigate = (href: string) => startTransition(() => router.push(href));
  return (
    <FeedNavigationContext value={{ pending, navigate }}>
      <div aria-busy={pending || undefined}>{children}</div>
    </FeedNavigationContext>
  );
}

const opensElsewhere = (event: MouseEvent) =>
  event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;

/** A link to another view of the feed (tab, page, cleared filters). */
export function ActivityFilterLink({ href, ...props }: ComponentProps<typeof Link> & { href: string }) {
  const navigation = useContext(FeedNavigationContext);
  return (
    <Link
      {...props}
      href={href}
      onClick={(event) => {
        props.onClick?.(event);
        if (!navigation || event.defaultPrevented || opensElsewhere(event)) return;
        event.preventDefault();
        navigation.navigate(href);
      }}
    />
  );
}

/**
 * The filter form: a GET form to `action`; with JavaScript, blank fields are left out of the URL
 * and the results are swapped in a transition.
 */
export function ActivityFilterFormShell({
  action,
  children,
  ...props
}: Omit<ComponentProps<"form">, "action" | "method" | "onSubmit"> & { action: string }) {
  const navigation = useContext(FeedNavigationContext);
  return (
    <form
      {...props}
      action={action}
      method="get"
      onSubmit={(event) => {
        if (!navigation) return;
        event.preventDefault();
        const search = new URLSearchParams();
        for (const [name, value] of new FormData(event.currentTarget)) {
          if (typeof value === "string" && value.trim()) search.append(name, value.trim());
        }
        navigation.navigate(search.size ? `${action}?${search}` : action);
      }}
    >
      {children}
    </form>
  );
}

export function ActivityFilterSubmit({ className }: { className?: string }) {
  const pending = useContext(FeedNavigationContext)?.pending ?? false;
  return (
    <button type="submit" className={className}>
      {pending ? "Loading…" : "Apply filters"}
    </button>
  );
}

/**
 * The feed's results, with a skeleton in their place while the next view loads. The current
 * results stay mounted (hidden) rather than being unmounted for the skeleton: the navigation's
 * commit then replaces them in one step, instead of racing an unmount of the same server-rendered
 * nodes against the router's update of them.
 */
export function ActivityFilterResults({ children }: { children: ReactNode }) {
  const pending = useContext(FeedNavigationContext)?.pending ?? false;
  return (
    <>
      {pending ? <ActivityFilterSkeleton /> : null}
      <div hidden={pending} data-testid="activity-results">
        {children}
      </div>
    </>
  );
}
