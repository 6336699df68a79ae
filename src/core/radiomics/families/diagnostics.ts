// Diagnostic features (IBSI-1 Table 2 of the radiomics phantom): image and ROI properties at
// each stage of the processing chain. They are measured by the chain itself (../chain.ts), so
// this family has documentation and no compute step.
import { docRows, type FeatureFamily } from './family.ts'

export const diagnostics: FeatureFamily = {
  id: 'diag',
  title: 'Diagnostic features',
  section: 'IBSI-1 Table 2 (diagnostics)',
  module: 'chain.ts processRoi',
  variants: [],
  docs: docRows('diag', [['img_dim_{x,y,z}_{init,interp}_img', 'Image dimensions', 'voxels per axis'], ['vox_dim_{x,y,z}_{init,interp}_img', 'Voxel spacing', 'mm'], ['{mean,min,max}_int_{init,interp}_img', 'Image intensities', 'over the whole image'], ['{int,morph}_mask_bb_dim_{x,y,z}_{init,interp,reseg}_roi', 'ROI bounding box', 'voxels per axis'], ['{int,morph}_mask_vox_count_{init,interp,reseg}_roi', 'ROI voxel count', 'voxels'], ['int_mask_{mean,min,max}_int_{init,interp,reseg}_roi', 'ROI intensities', 'intensity mask']]),
}
