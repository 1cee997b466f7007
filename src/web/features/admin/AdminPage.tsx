import { useTranslation } from 'react-i18next';
import { ADMIN_SECTIONS, navigate, type AdminSection } from '../../app/router.ts';
import { BusinessHoursAdmin } from './BusinessHoursAdmin.tsx';
import { ChannelsAdmin } from './ChannelsAdmin.tsx';
import { SlaPoliciesAdmin } from './SlaPoliciesAdmin.tsx';
import { TeamsAdmin } from './TeamsAdmin.tsx';
import { UsersAdmin } from './UsersAdmin.tsx';

export function AdminPage({ section }: { section: AdminSection }) {
  const { t } = useTranslation();
  return (
    <div className="admin">
      <nav className="view-nav" aria-label={t('admin.title')}>
        <h2 className="view-nav-title">{t('admin.title')}</h2>
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s}>
              <a
                href={`/admin/${s}`}
                aria-current={s === section ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/admin/${s}`);
                }}
              >
                {t(`admin.sections.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section className="admin-content" aria-labelledby="admin-title">
        {section === 'users' && <UsersAdmin />}
        {section === 'teams' && <TeamsAdmin />}
        {section === 'business-hours' && <BusinessHoursAdmin />}
        {section === 'sla-policies' && <SlaPoliciesAdmin />}
        {section === 'channels' && <ChannelsAdmin />}
      </section>
    </div>
  );
}
