import '../forms.css';
import { type FormEvent, useState } from 'react';
import { ApiFailure, api, errorText, type List } from '../api.ts';
import type { BankAccount } from '../bankAccounts.ts';
import { ChequeFields, centsOf, chequeBody, emptyCheque } from '../components/ChequeFields.tsx';
import {
  type ContactChoice,
  ContactFields,
  contactFieldPaths,
  contactValue,
  emptyContact,
} from '../components/ContactFields.tsx';
import { ContentSlotField, type SlotValue } from '../components/ContentSlotField.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldMessage } from '../components/FieldMessage.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { type MergeRow, MergeVariablesEditor } from '../components/MergeVariablesEditor.tsx';
import { ProofThumbnailList, type ProofThumbnails } from '../components/ProofView.tsx';
import { VerifyAddressBox } from '../components/VerifyAddressBox.tsx';
import { type ContactLike, words } from '../format.ts';
import { type FieldErrors, fieldOfMessage, invalidProps } from '../forms/fieldErrors.ts';
import { contactProblems, isBlankContact } from '../forms/orderChecks.ts';
import { orderForms, sizeLabels } from '../forms/orderForms.ts';
import { extraServices, type Kind, type Order } from '../kinds.ts';
import { Link, navigate } from '../router.tsx';
import { mergeVariablesObject, mergeVariablesOf, type Template } from '../templates.ts';
import { useLoad } from '../useLoad.ts';

/** `POST /{kind}/proofs`: the PDF the body would print, with its page thumbnails; nothing is created. */
interface OrderProof {
  object: string;
  url: string;
  pageCount: number;
  thumbnails: ProofThumbnails[];
}

function blankChoice(): ContactChoice {
  return { contactId: '', draft: { ...emptyContact } };
}

/** Creates an order of any kind in the current mode; contacts are picked from saved ones or typed. */
export function CreateOrderPage({ kind }: { kind: Kind }) {
  const form = orderForms[kind.path];
  const isCheque = kind.path === 'cheques';
  const contacts = useLoad(
    () => api<List<ContactLike & { id: string }>>('/contacts', { query: { limit: 100 } }),
    'contacts',
  );
  const templates = useLoad(() => api<List<Template>>('/templates', { query: { limit: 100 } }), 'templates');
  const bankAccounts = useLoad(
    () =>
      isCheque
        ? api<List<BankAccount>>('/bank_accounts', { query: { limit: 100 } })
        : Promise.resolve(undefined),
    `bank-accounts-${isCheque}`,
  );
  const [to, setTo] = useState(blankChoice);
  const [from, setFrom] = useState(blankChoice);
  const [slots, setSlots] = useState<SlotValue[]>(() =>
    form.slots.map((slot) => ({ html: slot.starter, template: '' })),
  );
  const [cheque, setCheque] = useState(emptyCheque);
  const [mergeRows, setMergeRows] = useState<MergeRow[]>([]);
  const [size, setSize] = useState(form.sizes[0]!);
  const [mailingClass, setMailingClass] = useState('first_class');
  const [extraService, setExtraService] = useState('');
  const [sendDate, setSendDate] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [proof, setProof] = useState<OrderProof>();
  const [previewing, setPreviewing] = useState(false);
  const [previewFailure, setPreviewFailure] = useState<unknown>();

  const templateHtml = (id: string) => templates.data?.data.find((t) => t.id === id)?.html ?? '';
  const usedVariables = [
    ...new Set(
      slots.flatMap((slot) => mergeVariablesOf(slot.template ? templateHtml(slot.template) : slot.html)),
    ),
  ];
  const knownFields = [
    ...contactFieldPaths('to'),
    ...contactFieldPaths('from'),
    ...form.slots.flatMap((slot) => [slot.html, slot.template]),
    'bankAccount',
    'amount',
    'number',
    'memo',
    'message',
    'currencyCode',
    'size',
    'mailingClass',
    'extraService',
    'sendDate',
    'description',
    'mergeVariables',
  ];

  const check = (): FieldErrors => {
    const problems: FieldErrors = {
      ...contactProblems('to', to, true),
      ...contactProblems('from', from, form.fromRequired),
    };
    form.slots.forEach((slot, index) => {
      const value = slots[index]!;
      if (!slot.optional && !value.template && !value.html.trim())
        problems[slot.html] = `${slot.html} or ${slot.template} is required.`;
    });
    if (isCheque) {
      if (!cheque.bankAccount) problems.bankAccount = 'bankAccount is required: choose a bank account.';
      const cents = centsOf(cheque.amount);
      if (cents === undefined || cents < 1)
        problems.amount = 'amount must be a positive amount of dollars and cents, such as 1250.00.';
      if (cheque.number.trim() && !/^\d+$/.test(cheque.number.trim()))
        problems.number = 'number must be a whole number.';
    }
    for (const row of mergeRows) {
      if (row.value && !row.name.trim()) problems.mergeVariables = 'Every merge variable needs a name.';
    }
    return problems;
  };

  const bodyOf = (): Record<string, unknown> => {
    const mergeVariables = mergeVariablesObject(mergeRows);
    const content: Record<string, unknown> = {};
    form.slots.forEach((slot, index) => {
      const value = slots[index]!;
      if (value.template) content[slot.template] = value.template;
      else if (value.html.trim()) content[slot.html] = value.html;
    });
    return {
      to: contactValue(to),
      size,
      mailingClass,
      ...(isBlankContact(from) ? {} : { from: contactValue(from) }),
      ...(sendDate ? { sendDate } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(form.extraService && extraService ? { extraService } : {}),
      ...(Object.keys(mergeVariables).length > 0 ? { mergeVariables } : {}),
      ...content,
      ...(isCheque ? chequeBody(cheque) : {}),
    };
  };

  /** A refusal naming a field goes beside that field; any other beside the button that was pressed. */
  const refused = (error: unknown, show: (error: unknown) => void) => {
    const field = error instanceof ApiFailure ? fieldOfMessage(error.message, knownFields) : undefined;
    if (field) setErrors({ [field]: errorText(error) });
    else show(error);
  };

  // The proof of the form as it stands, rendered as it would print, without creating the order.
  const previewProof = async () => {
    setPreviewFailure(undefined);
    setFailure(undefined);
    const problems = check();
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setPreviewing(true);
    try {
      setProof(await api<OrderProof>(`/${kind.path}/proofs`, { method: 'POST', body: bodyOf() }));
    } catch (error) {
      setProof(undefined);
      refused(error, setPreviewFailure);
    } finally {
      setPreviewing(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const problems = check();
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const body = bodyOf();
    try {
      const order = await api<Order>(`/${kind.path}`, { method: 'POST', body });
      navigate(`/${kind.path}/${order.id}`);
    } catch (error) {
      refused(error, setFailure);
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <p className="crumbs">
        <Link href={`/${kind.path}`}>← {kind.label}</Link>
      </p>
      <h1>New {kind.singular.toLowerCase()}</h1>
      <form className="create-form" onSubmit={submit} noValidate>
        <ErrorMessage error={contacts.error} prefix="Could not load saved contacts" />
        <ErrorMessage error={templates.error} prefix="Could not load templates" />
        <div className="grid-2">
          <div>
            <ContactFields legend="To" value={to} onChange={setTo} contacts={contacts.data} errors={errors} />
            <VerifyAddressBox value={to} onChange={setTo} />
          </div>
          <ContactFields
            legend="From"
            value={from}
            onChange={setFrom}
            contacts={contacts.data}
            optional={!form.fromRequired}
            errors={errors}
          />
        </div>

        {isCheque && (
          <ChequeFields
            value={cheque}
            bankAccounts={bankAccounts.data?.data}
            errors={errors}
            onChange={setCheque}
          />
        )}

        <fieldset>
          <legend>Content</legend>
          <div className={form.slots.length > 1 ? 'grid-2' : undefined}>
            {form.slots.map((slot, index) => (
              <ContentSlotField
                key={slot.html}
                slot={slot}
                value={slots[index]!}
                templates={templates.data?.data}
                errors={errors}
                onChange={(value) => setSlots(slots.map((old, i) => (i === index ? value : old)))}
              />
            ))}
          </div>
          <p className="hint">
            Merge variables such as {'{{to.firstName}}'} are filled in from the recipient; others from the
            values below.
          </p>
        </fieldset>

        <MergeVariablesEditor rows={mergeRows} used={usedVariables} errors={errors} onChange={setMergeRows} />

        <fieldset>
          <legend>Mailing</legend>
          <div className="form-row">
            <label>
              Size
              <select
                {...invalidProps(errors, 'size')}
                name="size"
                value={size}
                onChange={(e) => setSize(e.target.value)}
              >
                {form.sizes.map((value) => (
                  <option key={value} value={value}>
                    {sizeLabels[value] ?? value}
                  </option>
                ))}
              </select>
              <FieldMessage errors={errors} field="size" />
            </label>
            <label>
              Mailing class
              <select
                {...invalidProps(errors, 'mailingClass')}
                name="mailingClass"
                value={mailingClass}
                onChange={(e) => setMailingClass(e.target.value)}
              >
                <option value="first_class">First class</option>
                <option value="standard_class">Standard class</option>
              </select>
              <FieldMessage errors={errors} field="mailingClass" />
            </label>
            {form.extraService && (
              <label>
                Extra service
                <select
                  {...invalidProps(errors, 'extraService')}
                  name="extraService"
                  value={extraService}
                  onChange={(e) => setExtraService(e.target.value)}
                >
                  <option value="">None</option>
                  {extraServices.map((value) => (
                    <option key={value} value={value}>
                      {words(value)}
                    </option>
                  ))}
                </select>
                <FieldMessage errors={errors} field="extraService" />
              </label>
            )}
            <label>
              Send date
              <input
                {...invalidProps(errors, 'sendDate')}
                type="date"
                name="sendDate"
                value={sendDate}
                onChange={(e) => setSendDate(e.target.value)}
              />
              <FieldMessage errors={errors} field="sendDate" />
            </label>
          </div>
          <label>
            Description
            <input
              {...invalidProps(errors, 'description')}
              type="text"
              name="description"
              maxLength={1000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
            <FieldMessage errors={errors} field="description" />
          </label>
        </fieldset>

        <FormErrors errors={errors} what={`create the ${kind.singular.toLowerCase()}`} />
        <ErrorMessage error={failure} prefix={`Could not create the ${kind.singular.toLowerCase()}`} />
        <div className="action-row">
          <button type="button" disabled={busy || previewing} onClick={() => void previewProof()}>
            {previewing ? 'Rendering proof…' : 'Preview proof'}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : `Create ${kind.singular.toLowerCase()}`}
          </button>
        </div>
        <ErrorMessage error={previewFailure} prefix="Could not render the proof" />
        {proof && (
          <section className="card proof-preview" aria-labelledby="proof-preview-heading">
            <h2 id="proof-preview-heading">Proof</h2>
            <p className="proof-state">
              {proof.pageCount} {proof.pageCount === 1 ? 'page' : 'pages'}, as it will print ·{' '}
              <a href={proof.url} target="_blank" rel="noreferrer noopener">
                Open the PDF
              </a>
            </p>
            <ProofThumbnailList thumbnails={proof.thumbnails} />
            <p className="hint">
              Nothing has been sent: this proof is of the form as it stood when you asked.
            </p>
          </section>
        )}
      </form>
    </section>
  );
}
