import type { ReactElement } from 'react';
import { BankAccountListPage } from './pages/BankAccountListPage.tsx';
import { BankAccountPage } from './pages/BankAccountPage.tsx';
import { ContactListPage } from './pages/ContactListPage.tsx';
import { ContactPage } from './pages/ContactPage.tsx';
import { CreateBankAccountPage } from './pages/CreateBankAccountPage.tsx';
import { CreateContactPage } from './pages/CreateContactPage.tsx';
import { TemplateEditorPage } from './pages/TemplateEditorPage.tsx';
import { TemplateListPage } from './pages/TemplateListPage.tsx';

/** The sections beside the orders: what orders are made from. Nav label by path. */
export const resourceSections = [
  { path: 'contacts', label: 'Contacts' },
  { path: 'templates', label: 'Templates' },
  { path: 'bank_accounts', label: 'Bank accounts' },
] as const;

/** The page for /{first}/{second}, or undefined when the path is not one of these sections. */
export function resourcePage(first: string, second: string | undefined): ReactElement | undefined {
  switch (first) {
    case 'contacts':
      if (!second) return <ContactListPage />;
      return second === 'new' ? <CreateContactPage /> : <ContactPage id={second} />;
    case 'templates':
      return second ? <TemplateEditorPage id={second} /> : <TemplateListPage />;
    case 'bank_accounts':
      if (!second) return <BankAccountListPage />;
      return second === 'new' ? <CreateBankAccountPage /> : <BankAccountPage id={second} />;
    default:
      return undefined;
  }
}
