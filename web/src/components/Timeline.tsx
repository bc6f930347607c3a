import { formatDateTime } from '../format.ts';
import type { Order } from '../kinds.ts';

interface Step {
  key: string;
  label: string;
  at: string | undefined;
  note?: string;
}

/**
 * Ready → Printing → Processed for delivery → Completed, each with the time it was reached; a cancelled
 * order shows Ready → Cancelled with the note. A test order that the scheduler completed directly (it
 * skips printing) shows the steps it skipped as skipped.
 */
export function Timeline({ order }: { order: Order }) {
  const steps: Step[] =
    order.status === 'cancelled'
      ? [
          { key: 'ready', label: 'Ready', at: order.createdAt },
          {
            key: 'cancelled',
            label: 'Cancelled',
            at: order.cancelledAt ?? order.updatedAt,
            note: order.cancellation?.note,
          },
        ]
      : [
          { key: 'ready', label: 'Ready', at: order.createdAt },
          { key: 'printing', label: 'Printing', at: order.printingAt },
          {
            key: 'processed_for_delivery',
            label: 'Processed for delivery',
            at: order.processedForDeliveryAt,
          },
          { key: 'completed', label: 'Completed', at: order.completedAt },
        ];
  const reached = steps.findIndex((step) => step.key === order.status);
  return (
    <ol className="timeline" aria-label="Order progress">
      {steps.map((step, index) => {
        const done = index <= reached;
        const state = !done ? 'pending' : index === reached ? 'current' : 'done';
        const skipped = done && !step.at;
        return (
          <li key={step.key} className={`step step-${state} step-${step.key}`} data-step={step.key}>
            <span className="dot" aria-hidden="true" />
            <span className="step-label">{step.label}</span>
            <span className="step-time">
              {step.at && done ? (
                <time dateTime={step.at}>{formatDateTime(step.at)}</time>
              ) : skipped ? (
                'Skipped (test mode)'
              ) : (
                'Not yet'
              )}
            </span>
            {step.note && <span className="step-note">Note: {step.note}</span>}
            {state === 'current' && <span className="visually-hidden"> (current status)</span>}
          </li>
        );
      })}
    </ol>
  );
}
