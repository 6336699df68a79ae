// The app's pages, in navigation order. Each engine owns its page file.
import type { Component } from 'svelte'
import CohortPage from './CohortPage.svelte'
import ViewerPage from './ViewerPage.svelte'
import PreprocessPage from './PreprocessPage.svelte'
import RadiomicsPage from './RadiomicsPage.svelte'
import DeepPage from './DeepPage.svelte'
import ClusterPage from './ClusterPage.svelte'
import OmicsPage from './OmicsPage.svelte'
import SurvivalPage from './SurvivalPage.svelte'
import StudyPage from './StudyPage.svelte'

export interface PageEntry { id: string; title: string; component: Component }

export const pages: PageEntry[] = [
  { id: 'cohort', title: 'Cohort', component: CohortPage },
  { id: 'viewer', title: 'Viewer', component: ViewerPage },
  { id: 'preprocess', title: 'Preprocessing', component: PreprocessPage },
  { id: 'radiomics', title: 'Radiomics', component: RadiomicsPage },
  { id: 'deep', title: 'Deep radiomics', component: DeepPage },
  { id: 'cluster', title: 'Clustering', component: ClusterPage },
  { id: 'omics', title: 'Transcriptomics', component: OmicsPage },
  { id: 'survival', title: 'Survival & statistics', component: SurvivalPage },
  { id: 'study', title: 'Study', component: StudyPage },
]
