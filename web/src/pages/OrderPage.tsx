import { type FormEvent, useState } from 'react';
import { api, type List } from '../api.ts';
import { AddressStatusBadge } from '../components/AddressStatusBadge.tsx';
import { ChequeFacts } from '../components/ChequeFacts.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ImbBars } from '../components/ImbBars.tsx';
import { ProofView } from '../components/ProofView.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { contactLines, formatDateTime, uspsTrackingUrl, words } from '../format.ts';
import type { Kind, Order, TrackingEvent } from '../kinds.ts';
import { Link } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

// The page follows the order as it moves: printing, mailing and USPS scans happen in the background.
const POLL_MS = 2000;

export function OrderPage({ kind, id }: { kind: Kind; id: string }) {
  const order = useLoad(() => api<Order>(`/${kind.path}/${id}`), `${kind.path}/${id}`, POLL_MS);
  const scans = useLoad(
    () => api<List<TrackingEvent>>(`/${kind.path}/${id}/tracking_events`, { query: { limit: 1000 } }),
    `${kind.path}/${id}`,
    POLL_MS,
  );

  return (
    <section className="page order-page">
      <p className="crumbs">
        <Link href={`/${kind.path}`}>← {kind.label}</Link>
      </p>
      {order.loading && !order.data && <p>Loading…</p>}
      <ErrorMessage error={order.error} prefix={`Could not load ${kind.singular.toLowerCase()} ${id}`} />
      {order.data && (
        <OrderDetails
          kind={kind}
          order={order.data}
          onChanged={order.reload}
          scans={scans.data?.data}
          scansError={scans.error}
        />
      )}
    </section>
  );
}

function OrderDetails(props: {
  kind: Kind;
  order: Order;
  onChanged: () => Promise<void>;
  scans: TrackingEvent[] | undefined;
  scansError: unknown;
}) {
  const { kind, order } = props;
  return (
    <>
      <div className="page-head">
        <h1>
          {kind.singular} <span className="mono id">{order.id}</span>
        </h1>
        <div className="head-badges">
          <StatusBadge status={order.status} />
          <span className={order.live ? 'badge badge-live' : 'badge badge-test'}>
            {order.live ? 'Live' : 'Test'}
          </span>
        </div>
      </div>

      <Actions kind={kind} order={order} onChanged={props.onChanged} />

      {kind.path === 'cheques' && <ChequeFacts order={order} />}

      <section className="card proof" aria-labelledby="proof-heading">
        <h2 id="proof-heading">Proof</h2>
        <ProofView render={order.render} url={order.url} thumbnails={order.thumbnails} />
      </section>

      <div className="card">
        <h2>Progress</h2>
        <Timeline order={order} />
      </div>

      <div className="grid-2">
        <div className="card">
          <h2>Tracking</h2>
          <dl className="facts">
            <dt>Tracking number</dt>
            <dd>
              {order.trackingNumber ? (
                <a
                  href={uspsTrackingUrl(order.trackingNumber)}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="mono"
                >
                  {order.trackingNumber}
                </a>
              ) : (
                <span className="muted">None{order.extraService ? ' yet' : ' (no extra service)'}</span>
              )}
            </dd>
            <dt>IMb status</dt>
            <dd>{words(order.imbStatus)}</dd>
            <dt>IMb date</dt>
            <dd>{formatDateTime(order.imbDate)}</dd>
            <dt>IMb ZIP code</dt>
            <dd>{order.imbZIPCode ?? '—'}</dd>
            <dt>Extra service</dt>
            <dd>{words(order.extraService)}</dd>
            <dt>Mailing class</dt>
            <dd>{words(order.mailingClass)}</dd>
            <dt>Send date</dt>
            <dd>{formatDateTime(order.sendDate)}</dd>
            <dt>SLA deadline</dt>
            <dd>
              {formatDateTime(order.slaDeadline)}
              {order.slaBreached === true && <span className="badge badge-breached">Breached</span>}
              {order.slaBreached === false && <span className="badge badge-ok">Within SLA</span>}
            </dd>
          </dl>
        </div>
        <div className="card">
          <h2>Addresses</h2>
          <div className="addresses">
            <div>
              <h3>To</h3>
              <address>
                {contactLines(order.to).map((line) => (
                  <span key={line}>{line}</span>
                ))}
              </address>
              <AddressStatusBadge contact={order.to} />
              {order.addressOverride && (
                <p className="address-override">
                  Sent although the address{' '}
                  {order.addressOverride.addressStatus === 'failed' ? 'failed' : 'did not pass'} verification
                  {order.addressOverride.addressErrors ? ` (${order.addressOverride.addressErrors})` : ''}:{' '}
                  {order.addressOverride.by === 'organization_policy'
                    ? 'the organization allows failed addresses.'
                    : 'the contact was sent with forceVerifiedStatus.'}
                </p>
              )}
            </div>
            <div>
              <h3>From</h3>
              <address>
                {order.from ? (
                  contactLines(order.from).map((line) => <span key={line}>{line}</span>)
                ) : (
                  <span className="muted">No return address</span>
                )}
              </address>
            </div>
          </div>
          {order.description && <p className="description">{order.description}</p>}
        </div>
      </div>

      <div className="card">
        <h2>Intelligent Mail barcode</h2>
        {order.imb ? (
          <figure className="imb-figure">
            <ImbBars barcode={order.imb.barcode} label={`Intelligent Mail barcode of ${order.id}`} />
            <figcaption>
              <span className="mono imb-digits">{groupTrackingCode(order.imb.trackingCode)}</span>
              {order.imb.routingCode && (
                <span className="mono imb-digits"> · routing {order.imb.routingCode}</span>
              )}
            </figcaption>
          </figure>
        ) : (
          <p className="muted">
            {order.live
              ? 'Assigned when the order is handed to a printer (live mail to the US).'
              : 'Test orders are not printed, so they carry no barcode.'}
          </p>
        )}
      </div>

      <div className="card">
        <h2>USPS scans</h2>
        <ScanTimeline scans={props.scans} error={props.scansError} />
      </div>

      <details className="card raw">
        <summary>Raw JSON</summary>
        <pre>{JSON.stringify(order, null, 2)}</pre>
      </details>
    </>
  );
}

/** 00 270 123456 000012345: barcode id, service type, Mailer ID (6 or 9 digits), serial. */
function groupTrackingCode(code: string): string {
  const midLength = code[5] === '9' ? 9 : 6;
  return [code.slice(0, 2), code.slice(2, 5), code.slice(5, 5 + midLength), code.slice(5 + midLength)].join(
    ' ',
  );
}

function ScanTimeline({ scans, error }: { scans: TrackingEvent[] | undefined; error: unknown }) {
  if (error) return <ErrorMessage error={error} prefix="Could not load the scans" />;
  if (!scans) return <p>Loading…</p>;
  if (scans.length === 0) return <p className="muted">No USPS scans yet.</p>;
  return (
    <ol className="scans">
      {scans.map((scan) => (
        <li key={scan.id}>
          <time dateTime={scan.scanDatetime}>{formatDateTime(scan.scanDatetime)}</time>
          <span className="scan-status">{words(scan.imbStatus)}</span>
          <span>{scan.mailPhase ?? scan.handlingEventType ?? ''}</span>
          <span className="muted">
            {[scan.scanFacilityCity, scan.scanFacilityState, scan.scanFacilityZip].filter(Boolean).join(', ')}
            {scan.scanEventCode ? ` · code ${scan.scanEventCode}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Actions(props: { kind: Kind; order: Order; onChanged: () => Promise<void> }) {
  const { kind, order } = props;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      await props.onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const cancel = (event: FormEvent) => {
    event.preventDefault();
    void act(() =>
      api(`/${kind.path}/${order.id}/cancellation`, {
        method: 'POST',
        body: note.trim() ? { note: note.trim() } : {},
      }),
    ).then(() => setConfirming(false));
  };
  const progress = () => void act(() => api(`/${kind.path}/${order.id}/progressions`, { method: 'POST' }));
  const playStory = () =>
    void act(() => api(`/${kind.path}/${order.id}/tracking_story`, { method: 'POST', body: {} }));

  const canProgress = !order.live && order.status !== 'completed' && order.status !== 'cancelled';
  const canCancel = order.status === 'ready';
  // Beyond PostGrid: a test order to the US can play the simulated postal story (IMb scans, tracking).
  const canPlayStory =
    !order.live && (order.status === 'ready' || order.status === 'printing') && order.to.countryCode === 'US';
  if (!canProgress && !canCancel && !error) return null;
  return (
    <div className="actions card">
      <div className="action-row">
        {canProgress && (
          <button type="button" className="primary" disabled={busy} onClick={progress}>
            Progress to next step
          </button>
        )}
        {canPlayStory && (
          <button type="button" disabled={busy} onClick={playStory}>
            Simulate mailing and USPS scans
          </button>
        )}
        {canCancel && !confirming && (
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
            Cancel {kind.singular.toLowerCase()}
          </button>
        )}
      </div>
      {canCancel && confirming && (
        <form className="cancel-form" onSubmit={cancel}>
          <label>
            Cancellation note (optional)
            <input type="text" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="action-row">
            <button type="submit" className="danger" disabled={busy}>
              Confirm cancellation
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </form>
      )}
      {!order.live && order.status === 'ready' && (
        <p className="hint">
          A test order stays ready until the midnight (New York time) after its send date, then completes
          without printing. Progress moves it one step now; Simulate mailing plays the USPS story.
        </p>
      )}
      <ErrorMessage error={error} prefix="The action failed" />
    </div>
  );
}
