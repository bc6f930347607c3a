import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { dashboard, type Me, type Mode, onSignedOut, setCsrfToken, setMode } from './api.ts';
import { bulkPage, bulkSections } from './bulkRoutes.tsx';
import { kindByPath, kinds } from './kinds.ts';
import { ApiKeysPage } from './pages/ApiKeysPage.tsx';
import { CreateOrderPage } from './pages/CreateOrderPage.tsx';
import { OrderListPage } from './pages/OrderListPage.tsx';
import { OrderPage } from './pages/OrderPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { UsagePage } from './pages/UsagePage.tsx';
import { WebhookPage } from './pages/WebhookPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';
import { resourcePage, resourceSections } from './resourceRoutes.tsx';
import { Link, navigate, Redirect, useLocation } from './router.tsx';

const MODE_KEY = 'mailstream.mode';
/** The landing page after sign-in. Its chart library loads with it, not with every other page. */
const HOME = '/overview';
const OverviewPage = lazy(() =>
  import('./pages/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })),
);

function initialMode(): Mode {
  return window.localStorage.getItem(MODE_KEY) === 'live' ? 'live' : 'test';
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [mode, setModeState] = useState<Mode>(initialMode);
  const { path } = useLocation();

  useEffect(() => {
    onSignedOut(() => setMe(null));
    dashboard<Me>('/me')
      .then((who) => {
        setCsrfToken(who.csrfToken);
        setMe(who);
      })
      .catch(() => setMe(null));
  }, []);

  const switchMode = useCallback(
    (next: Mode) => {
      setMode(next);
      window.localStorage.setItem(MODE_KEY, next);
      setModeState(next);
      // An order or webhook belongs to one mode: leave its page for the list of the new mode.
      const [, section, id] = path.split('/');
      if (id && id !== 'new') navigate(`/${section}`);
    },
    [path],
  );
  setMode(mode);

  if (me === undefined) return <p className="loading-page">Loading…</p>;
  if (me === null) {
    return (
      <SignInPage
        onSignedIn={(who) => {
          setCsrfToken(who.csrfToken);
          setMe(who);
          if (path === '/sign-in' || path === '/') navigate(HOME, { replace: true });
        }}
      />
    );
  }

  const signOut = async () => {
    await dashboard('/sign-out', { method: 'POST' }).catch(() => {});
    setMe(null);
    navigate('/sign-in');
  };

  return (
    <div className={`shell mode-${mode}`}>
      <header className="topbar">
        <div className="topbar-row">
          <Link href={HOME} className="brand">
            mailstream
          </Link>
          <ModeSwitch mode={mode} onChange={switchMode} />
          <div className="account">
            <span className="account-email" title={me.organization.name}>
              {me.user.email}
            </span>
            <button type="button" className="link-button" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
        <nav className="mainnav" aria-label="Sections">
          <Link href={HOME} aria-current={section(path) === 'overview' ? 'page' : undefined}>
            Overview
          </Link>
          {kinds.map((kind) => (
            <Link
              key={kind.path}
              href={`/${kind.path}`}
              aria-current={section(path) === kind.path ? 'page' : undefined}
            >
              {kind.label}
            </Link>
          ))}
          {[...resourceSections, ...bulkSections].map((resource) => (
            <Link
              key={resource.path}
              href={`/${resource.path}`}
              aria-current={section(path) === resource.path ? 'page' : undefined}
            >
              {resource.label}
            </Link>
          ))}
          <Link href="/webhooks" aria-current={section(path) === 'webhooks' ? 'page' : undefined}>
            Webhooks
          </Link>
          <Link href="/usage" aria-current={section(path) === 'usage' ? 'page' : undefined}>
            Usage
          </Link>
          <Link href="/api-keys" aria-current={section(path) === 'api-keys' ? 'page' : undefined}>
            API keys
          </Link>
        </nav>
      </header>
      {mode === 'test' ? (
        <p className="mode-banner">
          Test mode: test orders are never printed or mailed. They stay ready until the midnight (New York
          time) after their send date, as PostGrid's do; step one on with Progress or Simulate mailing.
        </p>
      ) : (
        <p className="mode-banner live">Live mode: orders are printed and mailed.</p>
      )}
      <main key={mode}>
        <Routes path={path} />
      </main>
    </div>
  );
}

function section(path: string): string {
  return path.split('/')[1] ?? '';
}

function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (mode: Mode) => void }) {
  return (
    <fieldset className="mode-switch">
      <legend className="visually-hidden">Mode</legend>
      {(['test', 'live'] as const).map((value) => (
        <label key={value} className={mode === value ? 'active' : undefined}>
          <input
            type="radio"
            name="mode"
            value={value}
            checked={mode === value}
            onChange={() => onChange(value)}
          />
          {value === 'test' ? 'Test' : 'Live'}
        </label>
      ))}
    </fieldset>
  );
}

function Routes({ path }: { path: string }) {
  const parts = path.split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (!first) return <Redirect to={HOME} />;
  if (first === 'sign-in') return <Redirect to={HOME} />;
  if (first === 'overview' && !second)
    return (
      <Suspense fallback={<p className="loading-page">Loading…</p>}>
        <OverviewPage />
      </Suspense>
    );
  if (first === 'usage' && !second) return <UsagePage />;
  if (first === 'webhooks') {
    if (!second) return <WebhooksPage />;
    return <WebhookPage id={second} />;
  }
  if (first === 'api-keys') return <ApiKeysPage />;
  const resource = rest.length === 0 ? (resourcePage(first, second) ?? bulkPage(first, second)) : undefined;
  if (resource) return resource;
  const kind = kindByPath(first);
  if (kind && !second) return <OrderListPage kind={kind} />;
  if (kind && second === 'new' && kind.creatable) return <CreateOrderPage kind={kind} />;
  if (kind && second && rest.length === 0) return <OrderPage kind={kind} id={second} />;
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at {path}. <Link href="/letters">Go to letters</Link>.
      </p>
    </section>
  );
}
