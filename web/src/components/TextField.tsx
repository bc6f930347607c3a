import { type FieldErrors, invalidProps } from '../forms/fieldErrors.ts';
import { FieldMessage } from './FieldMessage.tsx';

/**
 * A labelled text input named for its API field, marked when the server rejected it. The message sits
 * beside the label, not in it, so the field's name stays its label.
 */
export function TextField(props: {
  label: string;
  field: string;
  value: string;
  errors: FieldErrors;
  onChange: (value: string) => void;
  maxLength?: number;
  wide?: boolean;
  type?: string;
  placeholder?: string;
}) {
  return (
    <div className={props.wide ? 'field wide' : 'field'}>
      <label>
        {props.label}
        <input
          {...invalidProps(props.errors, props.field)}
          type={props.type ?? 'text'}
          name={props.field}
          value={props.value}
          maxLength={props.maxLength}
          placeholder={props.placeholder}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </label>
      <FieldMessage errors={props.errors} field={props.field} />
    </div>
  );
}
