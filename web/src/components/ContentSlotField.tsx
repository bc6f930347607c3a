import { type FieldErrors, invalidProps } from '../forms/fieldErrors.ts';
import type { ContentSlot } from '../forms/orderForms.ts';
import type { Template } from '../templates.ts';
import { FieldMessage } from './FieldMessage.tsx';

export interface SlotValue {
  html: string;
  template: string;
}

/** One piece of content: a saved template picked from GET /templates, or HTML typed in. */
export function ContentSlotField(props: {
  slot: ContentSlot;
  value: SlotValue;
  templates: Template[] | undefined;
  errors: FieldErrors;
  onChange: (value: SlotValue) => void;
}) {
  const { slot, value, errors, onChange } = props;
  return (
    <div className="content-slot">
      <label>
        {slot.templateLabel}
        <select
          {...invalidProps(errors, slot.template)}
          name={slot.template}
          value={value.template}
          onChange={(e) => onChange({ ...value, template: e.target.value })}
        >
          <option value="">None: type the HTML</option>
          {props.templates?.map((template) => (
            <option key={template.id} value={template.id}>
              {template.description ? `${template.description} (${template.id})` : template.id}
            </option>
          ))}
        </select>
        <FieldMessage errors={errors} field={slot.template} />
      </label>
      {!value.template && (
        <label>
          {slot.label}
          {slot.optional && <span className="muted"> (optional)</span>}
          <textarea
            {...invalidProps(errors, slot.html)}
            name={slot.html}
            rows={6}
            value={value.html}
            onChange={(e) => onChange({ ...value, html: e.target.value })}
          />
          <FieldMessage errors={errors} field={slot.html} />
        </label>
      )}
    </div>
  );
}
