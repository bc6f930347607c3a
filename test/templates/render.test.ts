import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildTemplateVariables,
  MissingVariableError,
  renderTemplate,
  TemplateSyntaxError,
  templateCacheSize,
  templateVariables,
} from '../../src/templates/render.ts';

const to = { firstName: 'Ada', lastName: 'Lovelace', companyName: 'Analytical Engines', city: 'London' };
const from = { companyName: 'Acme <Widgets> & Co', city: 'Toronto' };

function missing(variable: string) {
  return (err: unknown) => {
    assert.ok(err instanceof MissingVariableError, `expected MissingVariableError, got ${String(err)}`);
    assert.equal(err.variable, variable);
    assert.equal(err.message, `Merge variable "${variable}" is missing.`);
    return true;
  };
}

describe('renderTemplate', () => {
  it('renders contacts and merge variables', () => {
    const vars = buildTemplateVariables(to, from, { amount: 1250, plan: 'gold' });
    assert.equal(
      renderTemplate('<p>Dear {{to.firstName}}, {{from.city}} owes {{amount}} ({{plan}})</p>', vars),
      '<p>Dear Ada, Toronto owes 1250 (gold)</p>',
    );
  });

  it('escapes HTML in variables', () => {
    assert.equal(
      renderTemplate('<p>{{x}}</p>', { x: '<script>alert("x")</script>' }),
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
    assert.equal(renderTemplate('{{from.companyName}}', { from }), 'Acme &lt;Widgets&gt; &amp; Co');
    assert.equal(
      renderTemplate(`<a title="{{x}}">`, { x: `"' onmouseover=` }),
      '<a title="&quot;&#x27; onmouseover&#x3D;">',
    );
  });

  it('allows the triple-stash to insert raw HTML (the customer’s own content)', () => {
    assert.equal(
      renderTemplate('<div>{{{signature}}}</div>', { signature: '<b>Ada</b>' }),
      '<div><b>Ada</b></div>',
    );
  });

  it('renders nested paths', () => {
    const vars = { order: { customer: { address: { zip: '02110' } } }, to };
    assert.equal(renderTemplate('{{order.customer.address.zip}}/{{to.lastName}}', vars), '02110/Lovelace');
    assert.equal(renderTemplate('{{#with order.customer}}{{address.zip}}{{/with}}', vars), '02110');
  });

  it('renders numbers, including zero and decimals, and booleans', () => {
    assert.equal(
      renderTemplate('{{a}}|{{b}}|{{c}}|{{d}}|{{e}}', { a: 0, b: 12.5, c: -3, d: false, e: 1e21 }),
      '0|12.5|-3|false|1e+21',
    );
  });

  it('throws MissingVariableError naming the whole path', () => {
    assert.throws(() => renderTemplate('Hi {{foo.bar}}', {}), missing('foo.bar'));
    assert.throws(() => renderTemplate('Hi {{foo.bar}}', { foo: {} }), missing('foo.bar'));
    assert.throws(() => renderTemplate('Hi {{foo.bar.baz}}', {}), missing('foo.bar.baz'));
    assert.throws(() => renderTemplate('Hi {{foo.bar.baz}}', { foo: null }), missing('foo.bar.baz'));
    assert.throws(() => renderTemplate('{{amount.cents}}', { amount: 5 }), missing('amount.cents'));
    assert.throws(() => renderTemplate('{{to.middleName}}', { to }), missing('to.middleName'));
    assert.throws(() => renderTemplate('ok {{a}}\n\n {{b}}', { a: 1 }), missing('b'));
    assert.throws(() => renderTemplate('{{#with to}}{{zip}}{{/with}}', { to }), missing('to.zip'));
    assert.throws(
      () => renderTemplate('{{#each items}}{{sku}}{{/each}}', { items: [{ sku: 1 }, {}] }),
      missing('items.[].sku'),
    );
    assert.throws(() => renderTemplate('{{#section}}x{{/section}}', {}), missing('section'));
  });

  it('treats inherited names as missing rather than rendering them', () => {
    assert.throws(() => renderTemplate('{{constructor}}', {}), missing('constructor'));
    assert.throws(() => renderTemplate('{{to.__proto__}}', { to }), missing('to.__proto__'));
    assert.throws(() => renderTemplate('{{toString}}', {}), missing('toString'));
  });

  it('lets helper arguments be optional: {{#if}} and {{#each}} over missing data', () => {
    const tpl = '{{#if discount}}-{{discount}}{{else}}full price{{/if}}{{#each extras}}+{{this}}{{/each}}';
    assert.equal(renderTemplate(tpl, {}), 'full price');
    assert.equal(renderTemplate(tpl, { discount: 5, extras: ['a', 'b'] }), '-5+a+b');
  });

  it('reports syntax errors with the line', () => {
    assert.throws(
      () => renderTemplate('line one\n{{to.firstName}', { to }),
      (err: unknown) => {
        assert.ok(err instanceof TemplateSyntaxError);
        assert.equal(err.line, 2);
        assert.match(err.message, /^Template syntax error on line 2/);
        return true;
      },
    );
    assert.throws(() => renderTemplate('{{#if a}}x{{/each}}', { a: 1 }), /if doesn't match each/);
    assert.throws(() => renderTemplate('{{#if}}x{{/if}}', {}), TemplateSyntaxError);
  });

  it('rejects partials, decorators and unknown helpers', () => {
    assert.throws(() => renderTemplate('{{> header}}', {}), /partials/);
    assert.throws(() => renderTemplate('{{#> layout}}x{{/layout}}', {}), /partials/);
    assert.throws(() => renderTemplate('{{* deco}}', {}), /decorators/);
    assert.throws(() => renderTemplate('{{log to}}', { to }), /unknown helper "log"/);
    assert.throws(() => renderTemplate('{{upper to.firstName}}', { to }), /unknown helper "upper"/);
    assert.throws(() => renderTemplate('{{#custom x}}y{{/custom}}', { x: 1 }), TemplateSyntaxError);
  });

  it('caches compiled templates with a bound', () => {
    for (let i = 0; i < 600; i++) renderTemplate(`<p>{{x}} #${i}</p>`, { x: i });
    assert.ok(templateCacheSize() <= 500);
    assert.equal(renderTemplate('<p>{{x}} #599</p>', { x: 'again' }), '<p>again #599</p>');
  });
});

describe('buildTemplateVariables', () => {
  it('spreads merge variables and lets to/from win', () => {
    assert.deepEqual(buildTemplateVariables(to, undefined, { to: 'x', amount: 1 }), { to, amount: 1 });
    assert.deepEqual(buildTemplateVariables(null, from, null), { from });
  });
});

describe('templateVariables', () => {
  it('lists referenced paths resolved against the root', () => {
    const html = [
      '{{to.firstName}} {{amount}} {{{raw}}}',
      '{{#with from}}{{city}} {{../plan}}{{/with}}',
      '{{#each items as |item i|}}{{item.sku}} {{name}} {{i}} {{@index}} {{@root.currency}}{{/each}}',
      '{{#if discount.code}}{{discount.code}}{{/if}}',
      '{{lookup to "lastName"}} {{this.note}}',
    ].join('\n');
    assert.deepEqual(templateVariables(html), [
      'amount',
      'currency',
      'discount.code',
      'from',
      'from.city',
      'items',
      'items.[].name',
      'items.[].sku',
      'note',
      'plan',
      'raw',
      'to',
      'to.firstName',
    ]);
  });

  it('throws TemplateSyntaxError for broken templates', () => {
    assert.throws(() => templateVariables('{{#if x}}'), TemplateSyntaxError);
  });
});
