import { lazy } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { App, NotFound } from './App';
import { DefinitionsPage } from './pages/DefinitionsPage';
import { DesignerRoute } from './designer/DesignerPage';

const ComparePage = lazy(() => import('./pages/ComparePage'));
const InstancePage = lazy(() => import('./pages/InstancePage'));
const InstancesPage = lazy(() => import('./pages/InstancesPage'));

/** The designer's pages under /designer; the host answers every one of them with index.html. */
export const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <App />,
      children: [
        { index: true, element: <DefinitionsPage /> },
        { path: 'definitions/:definitionId', element: <DesignerRoute /> },
        { path: 'definitions/:definitionId/compare', element: <ComparePage /> },
        { path: 'instances', element: <InstancesPage /> },
        { path: 'instances/:instanceId', element: <InstancePage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/designer' },
);
